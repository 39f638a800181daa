import { AppError } from '../common/errors/app-error';
import type { NakReason } from './protocol/frames';

export const linkDown = (): AppError =>
  new AppError('hardware_unavailable', 'The rover link is down; the command was not sent');

/** On an instance with SERIAL_PORT=none: nothing here can reach the rover, so nothing pretends to. */
export const notLinkOwner = (): AppError =>
  new AppError(
    'hardware_unavailable',
    'This instance does not own the rover link (SERIAL_PORT=none); send it to the instance that does',
  );

export const ackTimeout = (ms: number): AppError =>
  new AppError('command_timeout', `The rover did not acknowledge the command within ${ms} ms`);

/** A NAK: an e-stop latch is a conflict of state (409); any other refusal is about the command (422). */
export function roverRefused(reason: NakReason): AppError {
  if (reason === 'ESTOP') {
    return new AppError(
      'estop_latched',
      'The rover refused the command: its emergency stop is latched (ESTOP)',
    );
  }
  return new AppError('unprocessable', `The rover refused the command (${reason})`);
}

export const linkHandedOver = (): AppError =>
  new AppError('port_busy', "The rover's port is already handed over to another job");
