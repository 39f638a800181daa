import type { ActionState } from './vda5050-messages';

export interface ActionResult {
  /** FINISHED or FAILED when the vehicle reported an end; undefined when the wait ran out. */
  ended?: 'FINISHED' | 'FAILED';
  lastStatus: string | null;
  resultDescription: string | null;
}

export interface ActionWaiter {
  readonly result: Promise<ActionResult>;
}

interface Pending {
  resolve: (result: ActionResult) => void;
  timer: NodeJS.Timeout;
  lastStatus: string | null;
}

/** Requests waiting for a vehicle's `state` to report how an action it was sent ended. */
export class VehicleActionWaiters {
  private readonly pending = new Map<string, Map<string, Pending>>();

  add(robotId: string, actionId: string, timeoutMs: number): ActionWaiter {
    let resolve!: (result: ActionResult) => void;
    const result = new Promise<ActionResult>((r) => (resolve = r));
    const forRobot = this.pending.get(robotId) ?? new Map<string, Pending>();
    this.pending.set(robotId, forRobot);
    const entry: Pending = {
      resolve,
      lastStatus: null,
      timer: setTimeout(() => {
        this.remove(robotId, actionId, entry);
        resolve({ lastStatus: entry.lastStatus, resultDescription: null });
      }, timeoutMs),
    };
    forRobot.set(actionId, entry);
    return { result };
  }

  observe(robotId: string, actionStates: readonly ActionState[]): void {
    const forRobot = this.pending.get(robotId);
    if (!forRobot) return;
    for (const action of actionStates) {
      const entry = forRobot.get(action.actionId);
      if (!entry) continue;
      entry.lastStatus = action.actionStatus;
      if (action.actionStatus !== 'FINISHED' && action.actionStatus !== 'FAILED') continue;
      this.remove(robotId, action.actionId);
      entry.resolve({
        ended: action.actionStatus,
        lastStatus: action.actionStatus,
        resultDescription: action.resultDescription?.slice(0, 200) ?? null,
      });
    }
  }

  cancel(robotId: string, actionId: string): void {
    this.remove(robotId, actionId);
  }

  /** At shutdown: every waiting request answers as a timeout rather than hanging. */
  cancelAll(): void {
    for (const forRobot of this.pending.values())
      for (const entry of forRobot.values()) {
        clearTimeout(entry.timer);
        entry.resolve({ lastStatus: entry.lastStatus, resultDescription: null });
      }
    this.pending.clear();
  }

  /** With `only`, removes the entry only if it is still that one (not a later wait on the same id). */
  private remove(robotId: string, actionId: string, only?: Pending): void {
    const forRobot = this.pending.get(robotId);
    const entry = forRobot?.get(actionId);
    if (!forRobot || !entry || (only && entry !== only)) return;
    clearTimeout(entry.timer);
    forRobot.delete(actionId);
    if (forRobot.size === 0) this.pending.delete(robotId);
  }
}
