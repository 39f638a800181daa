import type {
  FleetStopResultDto,
  RobotStopResultDto,
} from '../../../src/fleet/stop/robot-stop.dto';
import { api, ApiError } from './http';

/** How a stop ended, as the fleet list shows it next to the robot. */
export type StopOutcomeState = 'stopped' | 'failed' | 'no-answer' | 'error';

export interface StopOutcome {
  state: StopOutcomeState;
  text: string;
}

/** `POST /api/robots/:id/stop` (`rover:control`): the robot's own answer, or an error envelope. */
export function stopRobot(robotId: string): Promise<RobotStopResultDto> {
  return api<RobotStopResultDto>('POST', `/api/robots/${encodeURIComponent(robotId)}/stop`);
}

/** `POST /api/robots/stop` (`system:admin`): every robot, one result each. */
export function stopFleet(): Promise<FleetStopResultDto> {
  return api<FleetStopResultDto>('POST', '/api/robots/stop');
}

/** One robot's answer (API.md §6): FINISHED and FAILED are the robot's word; the rest are not. */
export function describeStopResult(result: RobotStopResultDto): StopOutcome {
  switch (result.status) {
    case 'FINISHED':
      return { state: 'stopped', text: 'stopped' };
    case 'FAILED':
      return {
        state: 'failed',
        text: `failed: ${result.resultDescription ?? 'the robot reported the stop FAILED'}`,
      };
    case 'TIMEOUT':
      return {
        state: 'no-answer',
        text: result.lastStatus ? `no answer (last ${result.lastStatus})` : 'no answer',
      };
    case 'UNREACHABLE':
      return { state: 'error', text: result.resultDescription ?? 'the robot cannot be reached' };
  }
}

/**
 * A stop request that did not come back with a result: a 504 `command_timeout` means it went out
 * and the robot never reported the end in time; anything else is shown as the service said it.
 */
export function describeStopFailure(failure: unknown): StopOutcome {
  if (failure instanceof ApiError) {
    if (failure.body.statusCode === 504) return { state: 'no-answer', text: 'no answer' };
    return {
      state: 'error',
      text: failure.body.message || failure.body.error || `HTTP ${failure.body.statusCode}`,
    };
  }
  return { state: 'error', text: 'the stop request failed (no response from the service)' };
}
