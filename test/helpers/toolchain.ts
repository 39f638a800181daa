import { execFileSync } from 'node:child_process';

const CI = ['true', '1', 'yes'].includes(process.env.CI ?? '');

/** Why the Arduino toolchain suites cannot run here, or undefined when they can. */
export function toolchainUnavailableReason(): string | undefined {
  for (const program of ['arduino-builder', 'avrdude']) {
    try {
      execFileSync('which', [program], { stdio: 'ignore' });
    } catch {
      return `${program} is not installed (scripts/test.sh installs arduino-builder, arduino-core-avr and avrdude)`;
    }
  }
  return undefined;
}

/** `describe` for suites that run the real toolchain; skipped with the reason, failing under CI. */
export function describeWithToolchain(name: string, suite: () => void): void {
  const reason = toolchainUnavailableReason();
  if (reason === undefined) {
    describe(name, suite);
  } else if (CI) {
    describe(name, () => {
      it('should have the Arduino toolchain to run against (CI=true requires it)', () => {
        throw new Error(`The Arduino toolchain is required under CI=true: ${reason}`);
      });
    });
  } else {
    process.stderr.write(`SKIPPED "${name}": ${reason}\n`);
    describe.skip(`${name} [SKIPPED: ${reason}]`, suite);
  }
}
