import type { ActionState } from './vda5050-messages';
import {
  type ActionResult,
  type ActionWaiter,
  VehicleActionWaiters,
} from './vehicle-action-waiters';

const ROBOT = 'robot-1';
const OTHER_ROBOT = 'robot-2';
const TIMEOUT_MS = 3000;

/** What a waiter resolved with so far (undefined: still waiting). */
function track(waiter: ActionWaiter): { value?: ActionResult } {
  const box: { value?: ActionResult } = {};
  void waiter.result.then((value) => (box.value = value));
  return box;
}

/** Lets resolved promises run their callbacks (fake timers leave promise jobs alone). */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

const action = (
  actionId: string,
  actionStatus: ActionState['actionStatus'],
  resultDescription?: string,
): ActionState => ({
  actionId,
  actionType: 'stopPause',
  actionStatus,
  ...(resultDescription === undefined ? {} : { resultDescription }),
});

describe(VehicleActionWaiters.name, () => {
  let waiters: VehicleActionWaiters;

  beforeEach(() => {
    jest.useFakeTimers();
    waiters = new VehicleActionWaiters();
  });

  afterEach(() => {
    waiters.cancelAll();
    jest.useRealTimers();
  });

  it.each(['FINISHED', 'FAILED'] as const)(
    'should resolve on %s with its resultDescription',
    async (status) => {
      const waiter = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
      waiters.observe(ROBOT, [action('a1', status, 'stopped at node 7')]);
      await expect(waiter.result).resolves.toEqual({
        ended: status,
        lastStatus: status,
        resultDescription: 'stopped at node 7',
      });
      expect(jest.getTimerCount()).toBe(0);
    },
  );

  it('should answer a null resultDescription when the vehicle gave none, and cut a long one', async () => {
    const bare = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    const long = waiters.add(ROBOT, 'a2', TIMEOUT_MS);
    waiters.observe(ROBOT, [action('a1', 'FINISHED'), action('a2', 'FAILED', 'x'.repeat(500))]);
    expect((await bare.result).resultDescription).toBeNull();
    expect((await long.result).resultDescription).toBe('x'.repeat(200));
  });

  it('should only note RUNNING (and other non-final states) as the last status', async () => {
    const waiter = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    const box = track(waiter);
    waiters.observe(ROBOT, [action('a1', 'WAITING')]);
    waiters.observe(ROBOT, [action('a1', 'INITIALIZING')]);
    waiters.observe(ROBOT, [action('a1', 'RUNNING')]);
    await flush();
    expect(box.value).toBeUndefined();
    waiters.observe(ROBOT, [action('a1', 'FINISHED', 'done')]);
    await flush();
    expect(box.value).toEqual({
      ended: 'FINISHED',
      lastStatus: 'FINISHED',
      resultDescription: 'done',
    });
  });

  it('should resolve at the timeout with the last status and no ended', async () => {
    const waiter = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    const box = track(waiter);
    waiters.observe(ROBOT, [action('a1', 'RUNNING')]);
    jest.advanceTimersByTime(TIMEOUT_MS - 1);
    await flush();
    expect(box.value).toBeUndefined();
    jest.advanceTimersByTime(1);
    await flush();
    expect(box.value).toEqual({ lastStatus: 'RUNNING', resultDescription: null });
    expect(box.value).not.toHaveProperty('ended');
  });

  it('should resolve at the timeout with a null last status when the vehicle never mentioned it', async () => {
    const waiter = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    jest.advanceTimersByTime(TIMEOUT_MS);
    const result = await waiter.result;
    expect(result).toEqual({ lastStatus: null, resultDescription: null });
    expect(result).not.toHaveProperty('ended');
  });

  it('should not change its answer after it ended', async () => {
    const waiter = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    waiters.observe(ROBOT, [action('a1', 'FAILED', 'blocked')]);
    waiters.observe(ROBOT, [action('a1', 'FINISHED', 'late')]);
    jest.advanceTimersByTime(TIMEOUT_MS);
    await expect(waiter.result).resolves.toEqual({
      ended: 'FAILED',
      lastStatus: 'FAILED',
      resultDescription: 'blocked',
    });
  });

  it('should ignore other action ids and other robots', async () => {
    const waiter = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    const box = track(waiter);
    waiters.observe(ROBOT, [action('a2', 'FINISHED', 'not mine')]);
    waiters.observe(OTHER_ROBOT, [action('a1', 'FINISHED', 'not my robot')]);
    waiters.observe('unknown', [action('a1', 'RUNNING')]);
    waiters.observe(ROBOT, []);
    await flush();
    expect(box.value).toBeUndefined();
    jest.advanceTimersByTime(TIMEOUT_MS);
    await flush();
    // Nothing of the others' reached this waiter, not even as its last status.
    expect(box.value).toEqual({ lastStatus: null, resultDescription: null });
  });

  it('should keep waiters of several robots and actions apart', async () => {
    const a1 = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    const a2 = waiters.add(ROBOT, 'a2', TIMEOUT_MS);
    const b1 = waiters.add(OTHER_ROBOT, 'a1', TIMEOUT_MS);
    waiters.observe(ROBOT, [action('a1', 'FINISHED', 'one'), action('a2', 'RUNNING')]);
    waiters.observe(OTHER_ROBOT, [action('a1', 'FAILED', 'three')]);
    expect(await a1.result).toEqual({
      ended: 'FINISHED',
      lastStatus: 'FINISHED',
      resultDescription: 'one',
    });
    expect(await b1.result).toEqual({
      ended: 'FAILED',
      lastStatus: 'FAILED',
      resultDescription: 'three',
    });
    jest.advanceTimersByTime(TIMEOUT_MS);
    expect(await a2.result).toEqual({ lastStatus: 'RUNNING', resultDescription: null });
  });

  it('should forget a cancelled waiter: it neither resolves nor holds a timer', async () => {
    const cancelled = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    const kept = waiters.add(ROBOT, 'a2', TIMEOUT_MS);
    const box = track(cancelled);
    waiters.cancel(ROBOT, 'a1');
    expect(jest.getTimerCount()).toBe(1);
    waiters.observe(ROBOT, [action('a1', 'FINISHED'), action('a2', 'FINISHED', 'kept')]);
    jest.advanceTimersByTime(TIMEOUT_MS * 2);
    await flush();
    expect(box.value).toBeUndefined();
    expect((await kept.result).resultDescription).toBe('kept');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should ignore cancelling what is not waiting', () => {
    waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    expect(() => {
      waiters.cancel(ROBOT, 'nope');
      waiters.cancel('unknown', 'a1');
    }).not.toThrow();
    expect(jest.getTimerCount()).toBe(1);
  });

  it('should answer every waiter as a timeout on cancelAll, with its last status', async () => {
    const a1 = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    const a2 = waiters.add(ROBOT, 'a2', TIMEOUT_MS);
    const b1 = waiters.add(OTHER_ROBOT, 'b1', TIMEOUT_MS);
    waiters.observe(ROBOT, [action('a2', 'RUNNING')]);
    waiters.cancelAll();
    expect(jest.getTimerCount()).toBe(0);
    const results = await Promise.all([a1.result, a2.result, b1.result]);
    expect(results).toEqual([
      { lastStatus: null, resultDescription: null },
      { lastStatus: 'RUNNING', resultDescription: null },
      { lastStatus: null, resultDescription: null },
    ]);
    for (const result of results) expect(result).not.toHaveProperty('ended');
  });

  it('should have nothing left after cancelAll: a later FINISHED changes no answer', async () => {
    const waiter = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    waiters.cancelAll();
    waiters.observe(ROBOT, [action('a1', 'FINISHED', 'late')]);
    await expect(waiter.result).resolves.toEqual({ lastStatus: null, resultDescription: null });
    // And the waiters take new requests afterwards.
    const next = waiters.add(ROBOT, 'a1', TIMEOUT_MS);
    waiters.observe(ROBOT, [action('a1', 'FINISHED', 'again')]);
    expect((await next.result).resultDescription).toBe('again');
  });
});
