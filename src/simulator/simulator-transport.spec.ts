import { decodeRoverLine, encodeHostCommand } from '../hardware/protocol/codec';
import { type RoverMessage } from '../hardware/protocol/frames';
import { LineSplitter } from '../hardware/protocol/line-splitter';
import { RoverSimulator } from './rover-simulator';
import { SimulatorTransport } from './simulator-transport';

function connect() {
  const simulator = new RoverSimulator({ useTimers: false, telemetryHz: 0 });
  const transport = new SimulatorTransport(simulator);
  const received: RoverMessage[] = [];
  const chunks: unknown[] = [];
  const splitter = new LineSplitter(
    (line) => {
      const decoded = decodeRoverLine(line);
      if (decoded.ok) received.push(decoded.frame.payload);
    },
    () => undefined,
  );
  transport.onData((chunk) => {
    chunks.push(chunk);
    splitter.push(chunk);
  });
  const closed: Array<Error | undefined> = [];
  transport.onClosed((error) => closed.push(error));
  return { simulator, transport, received, chunks, closed };
}

/** Frames are handed over on a later microtask, like bytes from a real port. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(SimulatorTransport.name, () => {
  it('should be named sim and deliver HEL as a Buffer once opened', async () => {
    const { transport, received, chunks } = connect();
    expect(transport.name).toBe('sim');
    const opening = transport.open();
    expect(received).toEqual([]); // never re-entrantly inside the caller's own call
    await opening;
    await settle();
    expect(received).toEqual([{ type: 'HEL', protocolVersion: 1, firmware: 'sim-1.0' }]);
    expect(chunks.every((chunk) => Buffer.isBuffer(chunk))).toBe(true);
    await transport.close();
  });

  it('should feed writes to the rover and deliver its answers', async () => {
    const { transport, received } = connect();
    await transport.open();
    await transport.write(encodeHostCommand(5, { type: 'HBT' }));
    await transport.write(encodeHostCommand(6, { type: 'EST' }));
    await settle();
    expect(received.slice(1)).toEqual([
      { type: 'ACK', hostSeq: 5 },
      { type: 'ACK', hostSeq: 6 },
    ]);
    await transport.close();
  });

  it('should reject writes before open and after close, and power the rover off on close', async () => {
    const { transport, simulator } = connect();
    await expect(transport.write('$HBT,1*43\n')).rejects.toThrow(/closed/);
    await transport.open();
    expect(simulator.isRunning).toBe(true);
    await transport.close();
    await transport.close();
    expect(simulator.isRunning).toBe(false);
    await expect(transport.write('$HBT,1*43\n')).rejects.toThrow(/closed/);
  });

  it('should report an unplugged link, stop delivering data and refuse to reopen until replugged', async () => {
    const { transport, simulator, received, closed } = connect();
    await transport.open();
    await settle();
    const unplugged = new Error('cable pulled');
    transport.disconnect(unplugged);
    expect(closed).toEqual([unplugged]);
    await expect(transport.write(encodeHostCommand(1, { type: 'HBT' }))).rejects.toThrow();
    simulator.step(1000); // the rover stays powered and keeps talking into the void
    expect(simulator.isRunning).toBe(true);
    await settle();
    expect(received).toHaveLength(1);
    await expect(transport.open()).rejects.toThrow(/unplugged/);
    transport.replug();
    await transport.open();
    await transport.write(encodeHostCommand(2, { type: 'HBT' }));
    await settle();
    expect(received.at(-1)).toEqual({ type: 'ACK', hostSeq: 2 });
    expect(closed).toHaveLength(1);
    await transport.close();
  });

  it('should not fire onClosed for a deliberate close', async () => {
    const { transport, closed } = connect();
    await transport.open();
    await transport.close();
    transport.disconnect();
    expect(closed).toEqual([]);
  });
});
