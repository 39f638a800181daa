import { randomBytes } from 'node:crypto';
import { MAX_FRAME_BYTES } from './frames';
import { LineSplitter } from './line-splitter';

function collect(maxBytes?: number) {
  const lines: string[] = [];
  let overlong = 0;
  const splitter = new LineSplitter(
    (line) => lines.push(line),
    () => overlong++,
    maxBytes,
  );
  return { splitter, lines, overlongCount: () => overlong };
}

describe(LineSplitter.name, () => {
  it('should join a line split across chunks mid-line', () => {
    const { splitter, lines } = collect();
    splitter.push('$HB');
    splitter.push(Buffer.from('T,7*'));
    expect(lines).toEqual([]);
    splitter.push('45\n');
    expect(lines).toEqual(['$HBT,7*45']);
  });

  it('should emit every line of a chunk that holds several', () => {
    const { splitter, lines } = collect();
    splitter.push('$HBT,1*43\n$HBT,2*40\n$HBT,3');
    expect(lines).toEqual(['$HBT,1*43', '$HBT,2*40']);
    splitter.push('*41\n');
    expect(lines).toEqual(['$HBT,1*43', '$HBT,2*40', '$HBT,3*41']);
  });

  it('should deliver a CRLF line with its CR for the decoder to strip', () => {
    const { splitter, lines } = collect();
    splitter.push('$HBT,7*45\r\n$HBT,8*4A\r');
    splitter.push('\n');
    expect(lines).toEqual(['$HBT,7*45\r', '$HBT,8*4A\r']);
  });

  it('should skip empty lines', () => {
    const { splitter, lines } = collect();
    splitter.push('\n\n$HBT,7*45\n\n');
    expect(lines).toEqual(['$HBT,7*45']);
  });

  it('should read bytes as latin1 so a high byte reaches the decoder as one character', () => {
    const { splitter, lines } = collect();
    splitter.push(Buffer.from([0x24, 0xff, 0x0a]));
    expect(lines).toEqual(['$\u00ff']);
  });

  it('should report an overlong line once and discard its remainder up to the newline', () => {
    const { splitter, lines, overlongCount } = collect();
    splitter.push('$'.padEnd(100, 'A'));
    splitter.push('B'.repeat(100));
    expect(overlongCount()).toBe(1);
    splitter.push('C'.repeat(300));
    splitter.push('D'.repeat(50) + '\n$HBT,7*45\n');
    expect(overlongCount()).toBe(1);
    expect(lines).toEqual(['$HBT,7*45']);
  });

  it('should report an overlong line that arrives whole in one chunk once', () => {
    const { splitter, lines, overlongCount } = collect();
    splitter.push(`${'X'.repeat(MAX_FRAME_BYTES + 3)}\n$HBT,7*45\n`);
    expect(overlongCount()).toBe(1);
    expect(lines).toEqual(['$HBT,7*45']);
  });

  it('should pass a line exactly at the limit and cut one byte more', () => {
    const { splitter, lines, overlongCount } = collect(10);
    splitter.push('0123456789\n');
    expect(lines).toEqual(['0123456789']);
    splitter.push('0123456789A\n');
    expect(overlongCount()).toBe(1);
    expect(lines).toHaveLength(1);
  });

  it('should not grow its buffer past the limit on 10 KB of random bytes without a newline', () => {
    const { splitter, lines, overlongCount } = collect();
    const noise = Buffer.from(
      [...randomBytes(10 * 1024)].map((byte) => (byte === 0x0a ? 0x20 : byte)),
    );
    for (let offset = 0; offset < noise.length; offset += 37) {
      splitter.push(noise.subarray(offset, offset + 37));
      expect(splitter['buffer'].length).toBeLessThanOrEqual(MAX_FRAME_BYTES + 2);
    }
    expect(overlongCount()).toBe(1);
    expect(lines).toEqual([]);
    splitter.push('\n$HBT,7*45\n');
    expect(lines).toEqual(['$HBT,7*45']);
  });

  it('should forget a partial line on reset', () => {
    const { splitter, lines } = collect();
    splitter.push('$HBT,9');
    splitter.reset();
    splitter.push('$HBT,7*45\n');
    expect(lines).toEqual(['$HBT,7*45']);
  });
});
