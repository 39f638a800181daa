import { SerialPort } from 'serialport';
import type { RoverTransport } from './rover-transport';

/** A serial device or pseudo-terminal through the `serialport` package. */
export class SerialPortTransport implements RoverTransport {
  private port?: SerialPort;
  private closing = false;
  private readonly dataListeners: ((chunk: Buffer) => void)[] = [];
  private readonly closedListeners: ((error?: Error) => void)[] = [];

  constructor(
    readonly name: string,
    private readonly baudRate: number,
  ) {}

  open(): Promise<void> {
    this.closing = false;
    const port = new SerialPort({
      path: this.name,
      baudRate: this.baudRate,
      autoOpen: false,
      lock: true,
    });
    return new Promise((resolve, reject) => {
      port.open((error) => {
        if (error) return reject(error);
        this.port = port;
        port.on('data', (chunk: Buffer) =>
          this.dataListeners.forEach((listener) => listener(chunk)),
        );
        port.once('close', (closeError?: Error) => this.closedUnexpectedly(port, closeError));
        // Errors also arrive as a close when the device goes away; this keeps them from being thrown.
        port.on('error', (portError: Error) => this.closedUnexpectedly(port, portError));
        resolve();
      });
    });
  }

  write(data: string): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new Error(`${this.name} is not open`));
    return new Promise((resolve, reject) => {
      port.write(data, 'latin1', (error) => {
        if (error) return reject(error);
        port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  close(): Promise<void> {
    this.closing = true;
    const port = this.port;
    this.port = undefined;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  onClosed(listener: (error?: Error) => void): void {
    this.closedListeners.push(listener);
  }

  private closedUnexpectedly(port: SerialPort, error?: Error): void {
    if (this.closing || this.port !== port) return;
    this.port = undefined;
    if (port.isOpen) port.close(() => undefined);
    this.closedListeners.forEach((listener) => listener(error));
  }
}
