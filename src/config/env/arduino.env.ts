import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { emptyToUndefined, type EnvBase, EnvInt } from './env-fields';

/** Compile and upload jobs (API.md §7). */
export function ArduinoEnv<TBase extends EnvBase>(Base: TBase) {
  class ArduinoEnv extends Base {
    /** Where each job gets its private directory and compiled artifacts are kept. */
    @IsString()
    @MaxLength(4096)
    ARDUINO_WORK_DIR = 'data/arduino';

    /** A compile or upload still running after this is killed, with its whole process group. */
    @EnvInt(1000, 600_000) ARDUINO_COMPILE_TIMEOUT_MS = 120_000;
    @EnvInt(1000, 600_000) ARDUINO_UPLOAD_TIMEOUT_MS = 60_000;
    /** Jobs that run at once, and jobs that may wait for them; one more is a 429. */
    @EnvInt(1, 16) ARDUINO_MAX_RUNNING_JOBS = 2;
    @EnvInt(0, 100) ARDUINO_MAX_QUEUED_JOBS = 4;
    /** A compilation's artifacts are deleted this long after it finished. */
    @EnvInt(60_000, 7 * 24 * 3_600_000) ARDUINO_ARTIFACT_TTL_MS = 3_600_000;

    /** Further serial ports to list (comma-separated paths, e.g. the ptys of a simulated board). */
    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(/^\/[\w./-]+(,\/[\w./-]+)*$/, {
      message: 'ARDUINO_EXTRA_PORTS must be comma-separated absolute paths',
    })
    ARDUINO_EXTRA_PORTS?: string;
  }
  return ArduinoEnv;
}
