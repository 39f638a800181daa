const CI = ['true', '1', 'yes'].includes(process.env.CI ?? '');

/**
 * `describe` for suites that need something from the machine (a server, a browser, a toolchain).
 * Without it (`reason` says why) they are skipped, with the reason in their name and on stderr,
 * except under CI, where that is a failing test: a green CI run must have exercised them.
 */
export function describeWith(
  what: string,
  reason: string | undefined,
  name: string,
  suite: () => void,
): void {
  if (reason === undefined) {
    describe(name, suite);
  } else if (CI) {
    describe(name, () => {
      it(`should have ${what} to run against (CI=true requires it)`, () => {
        throw new Error(`${what} is required under CI=true: ${reason}`);
      });
    });
  } else {
    process.stderr.write(`SKIPPED "${name}": ${reason}\n`);
    describe.skip(`${name} [SKIPPED: ${reason}]`, suite);
  }
}
