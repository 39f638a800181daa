import { type RoverTransport } from '../hardware/transport/rover-transport';
import { RoverSimulator } from './rover-simulator';

/**
 * The in-process link for SERIAL_PORT=sim: bytes go straight into a RoverSimulator and its frames
 * come back as data, so the host runs exactly the code path it runs over a real serial port.
 */
export class SimulatorTransport implements RoverTransport {
  readonly name = 'sim';
  private isOpen = false;
  /** Bumped on every detach so frames queued for an earlier connection are never delivered. */
  private connection = 0;
  private unplugged = false;
  private stopListening: (() => void) | null = null;
  private readonly dataListeners: Array<(chunk: Buffer) => void> = [];
  private readonly closedListeners: Array<(error?: Error) => void> = [];

  /** Pass a simulator to keep one rover across several transports (reconnects), or to tune it. */
  constructor(readonly simulator: RoverSimulator = new RoverSimulator()) {}

  open(): Promise<void> {
    if (this.unplugged) return Promise.reject(new Error('sim link is unplugged'));
    if (this.isOpen) return Promise.resolve();
    this.isOpen = true;
    this.stopListening = this.simulator.onOutput((line) => this.deliver(line));
    this.simulator.start();
    return Promise.resolve();
  }

  write(data: string): Promise<void> {
    if (!this.isOpen) return Promise.reject(new Error('sim link is closed'));
    this.simulator.receive(data);
    return Promise.resolve();
  }

  /** Powers the simulator off too; when sharing one, close the old transport before opening anew. */
  close(): Promise<void> {
    this.detach();
    this.simulator.stop();
    return Promise.resolve();
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  onClosed(listener: (error?: Error) => void): void {
    this.closedListeners.push(listener);
  }

  /**
   * Simulates pulling the cable: the link reports itself closed, data stops and writes fail, and
   * open() keeps failing until replug(). The rover itself stays powered, so its own deadman stops
   * the motors as real firmware would.
   */
  disconnect(error: Error = new Error('sim link unplugged')): void {
    this.unplugged = true;
    if (!this.isOpen) return;
    this.detach();
    for (const listener of this.closedListeners) listener(error);
  }

  /** Lets open() succeed again after disconnect(). */
  replug(): void {
    this.unplugged = false;
  }

  private detach(): void {
    this.isOpen = false;
    this.connection++;
    this.stopListening?.();
    this.stopListening = null;
  }

  private deliver(line: string): void {
    const chunk = Buffer.from(line, 'latin1');
    const connection = this.connection;
    // Hand frames over on a later microtask, as a real port would, so the host never sees a reply
    // re-entrantly inside its own write(). Promise jobs are not replaced by Jest's fake timers.
    void Promise.resolve().then(() => {
      if (connection !== this.connection) return;
      for (const listener of this.dataListeners) listener(chunk);
    });
  }
}
