import { connect, type Socket } from 'node:net';

/**
 * A bare TCP connection to the app, to send HTTP the way no client library would: headers that
 * never end, a body slower than any real client's, or nothing at all. It records what the server
 * wrote and when it closed the connection.
 */
export class RawHttpConnection {
  received = '';
  /** ms from `open` until the server wrote its first byte or closed the connection. */
  firstByteAfterMs?: number;
  closedAfterMs?: number;
  private readonly openedAt = Date.now();
  private trickling?: NodeJS.Timeout;
  private readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.firstByteAfterMs ??= this.elapsedMs();
      this.received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined); // writing to a connection the server cut is expected
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.closedAfterMs = this.elapsedMs();
        clearInterval(this.trickling);
        resolve();
      }),
    );
  }

  static open(baseUrl: string): Promise<RawHttpConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => resolve(new RawHttpConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closedAfterMs !== undefined;
  }

  elapsedMs(): number {
    return Date.now() - this.openedAt;
  }

  write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** Writes `text` one character every `everyMs`, until it is all sent or the connection closes. */
  trickle(text: string, everyMs: number): void {
    let next = 0;
    this.trickling = setInterval(() => {
      if (next >= text.length || this.socket.destroyed) return clearInterval(this.trickling);
      this.write(text[next++]);
    }, everyMs);
  }

  /** Resolves once the server closed the connection, or after `timeoutMs` (then still open). */
  async waitForClose(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.closed,
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /** Resolves once `received` contains `text` (a whole response, say), or after `timeoutMs`. */
  async waitForText(text: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.received.includes(text) && !this.isClosed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  destroy(): void {
    clearInterval(this.trickling);
    this.socket.destroy();
  }
}
