/**
 * The port between HardwareService and whatever carries the bytes: a serial device or pty (the
 * `serialport` adapter) or the in-process simulator. Adapters move bytes only; framing, checksums,
 * sequence numbers and acknowledgements live above, in HardwareService and the codec.
 */
export interface RoverTransport {
  /** Human-readable link name for status and logs: `sim` or a device path. */
  readonly name: string;
  /** Opens the link. Rejects when it cannot (no such device, busy, permissions). */
  open(): Promise<void>;
  /** Resolves once the bytes were handed to the OS (drained); rejects when the link is closed or broken. */
  write(data: string): Promise<void>;
  /** Closes the link on purpose. Idempotent. */
  close(): Promise<void>;
  /** Bytes from the rover, as they arrive (chunks need not align with lines). */
  onData(listener: (chunk: Buffer) => void): void;
  /** The link closed without close() being called (unplugged, peer gone, I/O error). */
  onClosed(listener: (error?: Error) => void): void;
}

/** Makes a fresh transport for every (re)connect attempt. */
export interface RoverTransportFactory {
  readonly name: string;
  create(): RoverTransport;
}
