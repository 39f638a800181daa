import { parseDiagnostics, parseSizes, readableOutput, withoutWorkDir } from './compile-output';

const BUILDER_OUTPUT = [
  '===info ||| Progress {0} ||| [50.00]',
  '===info ||| Sketch uses {0} bytes ({2}%%) of program storage space. Maximum is {1} bytes. ||| [1970 32256 6]',
  '===info ||| Global variables use {0} bytes ({2}%%) of dynamic memory, leaving {3} bytes for local variables. Maximum is {1} bytes. ||| [194 2048 9 1854]',
].join('\n');

describe('compile output', () => {
  it('should read the sizes of the machine logger and of arduino-cli', () => {
    expect(parseSizes(BUILDER_OUTPUT)).toEqual({
      programBytes: 1970,
      programMaxBytes: 32256,
      dataBytes: 194,
      dataMaxBytes: 2048,
    });
    expect(
      parseSizes(
        'Sketch uses 924 bytes (2%) of program storage space. Maximum is 32256 bytes.\nGlobal variables use 9 bytes (0%) of dynamic memory, leaving 2039 bytes for local variables. Maximum is 2048 bytes.',
      ),
    ).toEqual({ programBytes: 924, programMaxBytes: 32256, dataBytes: 9, dataMaxBytes: 2048 });
    expect(parseSizes('nothing here')).toBeNull();
  });

  it('should fill in machine lines and drop progress', () => {
    expect(readableOutput(BUILDER_OUTPUT).split('\n')[0]).toBe(
      'Sketch uses 1970 bytes (6%) of program storage space. Maximum is 32256 bytes.',
    );
  });

  it('should parse gcc diagnostics with the sketch-relative file, line and column', () => {
    const stderr = [
      'sketch/sketch.ino: In function ‘void setup()’:',
      'sketch/sketch.ino:2:11: error: expected primary-expression before ‘;’ token',
      '   int x = ;',
      'sketch/sketch.ino:4:19: warning: unused variable ‘y’ [-Wunused-variable]',
      'sketch/sketch.ino:9: error: missing column',
      'exit status 1',
    ].join('\n');
    expect(parseDiagnostics(stderr)).toEqual([
      {
        file: 'sketch.ino',
        line: 2,
        column: 11,
        severity: 'error',
        message: 'expected primary-expression before ‘;’ token',
      },
      {
        file: 'sketch.ino',
        line: 4,
        column: 19,
        severity: 'warning',
        message: 'unused variable ‘y’ [-Wunused-variable]',
      },
      { file: 'sketch.ino', line: 9, column: null, severity: 'error', message: 'missing column' },
    ]);
  });

  it('should name the rest of the work directory only as <work dir>', () => {
    expect(withoutWorkDir('caching in /srv/a/core-cache/core.a', '/srv/a/job-1', '/srv/a')).toBe(
      'caching in <work dir>/core-cache/core.a',
    );
  });

  it('should take the work directory out of any text', () => {
    expect(withoutWorkDir('/srv/a/job-1/sketch/sketch.ino:2:1: error', '/srv/a/job-1')).toBe(
      'sketch/sketch.ino:2:1: error',
    );
  });
});
