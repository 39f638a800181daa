import { execFileSync } from 'node:child_process';
import { describeWith } from './describe-with';

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
  describeWith('the Arduino toolchain', toolchainUnavailableReason(), name, suite);
}
