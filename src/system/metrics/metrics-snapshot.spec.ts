import { register } from 'prom-client';
import type { Clock } from '../../common/clock/clock';
import { METRICS_SNAPSHOT_TTL_MS, MetricsSnapshot } from './metrics-snapshot';

describe(MetricsSnapshot.name, () => {
  let nowMs: number;
  let render: jest.SpyInstance<Promise<string>, []>;
  let snapshot: MetricsSnapshot;

  beforeEach(() => {
    nowMs = 1_000_000;
    let renders = 0;
    render = jest
      .spyOn(register, 'metrics')
      .mockImplementation(() => Promise.resolve(`render ${++renders}`));
    snapshot = new MetricsSnapshot({ nowMs: () => nowMs } as Clock);
  });
  afterEach(() => render.mockRestore());

  it('should serve one rendering to every caller within the TTL', async () => {
    const texts = await Promise.all(Array.from({ length: 110 }, () => snapshot.render()));
    nowMs += METRICS_SNAPSHOT_TTL_MS - 1;
    texts.push(await snapshot.render());
    expect(new Set(texts)).toEqual(new Set(['render 1']));
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('should render again once the TTL has passed', async () => {
    await snapshot.render();
    nowMs += METRICS_SNAPSHOT_TTL_MS;
    expect(await snapshot.render()).toBe('render 2');
  });

  it('should let callers that arrive during a slow render wait for it rather than start another', async () => {
    let finish: (text: string) => void = () => undefined;
    render.mockImplementationOnce(() => new Promise<string>((resolve) => (finish = resolve)));
    const first = snapshot.render();
    const second = snapshot.render();
    finish('slow render');
    await expect(Promise.all([first, second])).resolves.toEqual(['slow render', 'slow render']);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('should not keep a failed render for the next caller', async () => {
    render.mockRejectedValueOnce(new Error('collector failed'));
    await expect(snapshot.render()).rejects.toThrow('collector failed');
    expect(await snapshot.render()).toBe('render 1');
  });
});
