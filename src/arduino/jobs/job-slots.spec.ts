import { AppError } from '../../common/errors/app-error';
import { JobSlots } from './job-slots';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe(JobSlots.name, () => {
  it('should run up to the cap at once, queue the next ones, and refuse past the queue with 429', async () => {
    const slots = new JobSlots(1, 1);
    const first = deferred();
    const order: string[] = [];
    const a = slots.run(async () => {
      order.push('a');
      await first.promise;
    });
    const b = slots.run(() => Promise.resolve(order.push('b')));
    const refused = slots.run(() => Promise.resolve(order.push('c')));
    await expect(refused).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    expect(slots.busy).toEqual({ running: 1, queued: 1 });
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(slots.busy).toEqual({ running: 0, queued: 0 });
  });

  it('should free the slot when a job fails', async () => {
    const slots = new JobSlots(1, 0);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run(() => Promise.resolve(42))).resolves.toBe(42);
  });
});
