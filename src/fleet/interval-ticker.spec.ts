import { Logger } from '@nestjs/common';
import { BehaviorSubject } from 'rxjs';
import { IntervalTicker } from './interval-ticker';

describe(IntervalTicker.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function ticker(intervalMs: number, tick: () => void = () => undefined) {
    const interval$ = new BehaviorSubject(intervalMs);
    const logger = new Logger('test');
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    return { interval$, logger, ticker: new IntervalTicker(interval$, tick, logger) };
  }

  it('should tick on the interval once started, and not before', () => {
    const tick = jest.fn();
    const { ticker: t } = ticker(100, tick);
    jest.advanceTimersByTime(500);
    expect(tick).not.toHaveBeenCalled();
    t.start();
    jest.advanceTimersByTime(350);
    expect(tick).toHaveBeenCalledTimes(3);
    t.stop();
  });

  it('should re-arm at once when the interval changes', () => {
    const tick = jest.fn();
    const { ticker: t, interval$ } = ticker(10_000, tick);
    t.start();
    jest.advanceTimersByTime(9_000);
    interval$.next(100); // no waiting out the remaining second of the old interval
    jest.advanceTimersByTime(1000);
    expect(tick).toHaveBeenCalledTimes(10);
    interval$.next(1000);
    tick.mockClear();
    jest.advanceTimersByTime(2500);
    expect(tick).toHaveBeenCalledTimes(2);
    t.stop();
  });

  it('should stop ticking and following the interval when stopped', () => {
    const tick = jest.fn();
    const { ticker: t, interval$ } = ticker(100, tick);
    t.start();
    t.stop();
    interval$.next(50);
    jest.advanceTimersByTime(1000);
    expect(tick).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should log a throwing tick and keep ticking', () => {
    const tick = jest.fn(() => {
      throw new Error('boom');
    });
    const { ticker: t, logger } = ticker(100, tick);
    t.start();
    jest.advanceTimersByTime(300);
    expect(tick).toHaveBeenCalledTimes(3);
    expect(logger.error).toHaveBeenCalledTimes(3);
    t.stop();
  });
});
