import { parseCliArgs, UsageError } from './cli';

describe(parseCliArgs.name, () => {
  it('should read the port and fall back to 115200 baud and 10 Hz', () => {
    expect(parseCliArgs(['--port', '/tmp/ttyS1'])).toEqual({
      port: '/tmp/ttyS1',
      baudRate: 115200,
      telemetryHz: 10,
    });
  });

  it('should read every flag, in both spellings', () => {
    expect(parseCliArgs(['--port=/dev/ttyUSB0', '--baud', '9600', '--telemetry-hz=2.5'])).toEqual({
      port: '/dev/ttyUSB0',
      baudRate: 9600,
      telemetryHz: 2.5,
    });
    expect(parseCliArgs(['--help'])).toBe('help');
  });

  it.each([
    [[]],
    [['--port']],
    [['--port', '']],
    [['--port', '/tmp/a', '--bogus']],
    [['--port', '/tmp/a', 'extra']],
    [['--port', '/tmp/a', '--port', '/tmp/b']],
    [['--port', '/tmp/a', '--baud', '12345']],
    [['--port', '/tmp/a', '--baud', '0x1C200']],
    [['--port', '/tmp/a', '--baud', '115200.0']],
    [['--port', '/tmp/a', '--telemetry-hz', '101']],
    [['--port', '/tmp/a', '--telemetry-hz', '-1']],
    [['--port', '/tmp/a', '--telemetry-hz', '1e1']],
    [['--port', '--baud', '9600']],
  ])('should refuse %j as a usage error', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
  });
});
