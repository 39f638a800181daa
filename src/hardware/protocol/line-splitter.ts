import { MAX_FRAME_BYTES } from './frames';

/**
 * Turns a byte stream into lines. A line that grows past the frame limit is cut off and reported
 * once as overlong; its remainder, up to the next newline, is discarded rather than buffered, so a
 * peer that never sends a newline cannot grow memory.
 */
export class LineSplitter {
  private buffer = '';
  private discarding = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: () => void,
    private readonly maxBytes = MAX_FRAME_BYTES + 2,
  ) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      const piece = text.slice(start, newline);
      start = newline + 1;
      if (this.discarding) {
        this.discarding = false;
        this.buffer = '';
        continue;
      }
      const line = this.buffer + piece;
      this.buffer = '';
      if (line.length > this.maxBytes) this.onOverlong();
      else if (line.length > 0) this.onLine(line);
    }
    if (this.discarding) return;
    this.buffer += text.slice(start);
    if (this.buffer.length > this.maxBytes) {
      this.buffer = '';
      this.discarding = true;
      this.onOverlong();
    }
  }

  reset(): void {
    this.buffer = '';
    this.discarding = false;
  }
}
