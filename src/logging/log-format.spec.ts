import { NodeEnv } from '../config/env.schema';
import { logFormatFor } from './log-format';

describe(logFormatFor.name, () => {
  it.each([
    [NodeEnv.Development, true, 'pretty'],
    [NodeEnv.Development, false, 'json'],
    [NodeEnv.Production, true, 'json'],
    [NodeEnv.Production, false, 'json'],
    [NodeEnv.Test, true, 'json'],
  ])('should pick %s with a TTY=%s: %s', (nodeEnv, tty, format) => {
    expect(logFormatFor(nodeEnv, tty)).toBe(format);
  });
});
