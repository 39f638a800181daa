import { Transform } from 'class-transformer';
import { IsIn, Matches } from 'class-validator';
import { type EnvBase, EnvInt, toInt } from './env-fields';

/** The serial link to the rover and the safety timers around it. */
export function RoverEnv<TBase extends EnvBase>(Base: TBase) {
  class RoverEnv extends Base {
    /**
     * `sim` for the built-in simulator, the rover's serial device (a pty path works too), or `none`
     * on every instance but the one that owns the link (several instances on one Redis).
     */
    @Matches(/^(sim|none|\/[A-Za-z0-9._/-]{1,200})$/, {
      message: 'SERIAL_PORT must be "sim", "none" or an absolute device path such as /dev/ttyUSB0',
    })
    SERIAL_PORT = 'sim';

    @Transform(toInt)
    @IsIn([9600, 19200, 38400, 57600, 115200, 230400, 250000, 500000, 1000000])
    SERIAL_BAUD = 115200;

    /** An operator who drives and then goes quiet this long gets the rover stopped. */
    @EnvInt(100, 60_000) DEADMAN_TIMEOUT_MS = 1000;

    /** How long a command waits for the rover's ACK before it is reported as timed out (504). */
    @EnvInt(50, 10_000) COMMAND_ACK_TIMEOUT_MS = 1000;
  }
  return RoverEnv;
}
