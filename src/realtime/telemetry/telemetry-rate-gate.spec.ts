import { TelemetryRateGate } from './telemetry-rate-gate';

function admitted(gate: TelemetryRateGate, arrivalsMs: number[]): number {
  return arrivalsMs.filter((at) => gate.admit(at)).length;
}

describe('TelemetryRateGate', () => {
  it('should pass every frame of a stream at the configured rate, with jitter', () => {
    const gate = new TelemetryRateGate(50);
    // 50 Hz with ±4 ms of jitter: every frame is on time on average.
    const arrivals = Array.from({ length: 500 }, (_, i) => i * 20 + (i % 2 === 0 ? 4 : -4));
    expect(admitted(gate, arrivals)).toBe(500);
  });

  it('should pass both frames of a pair a stalled loop reads together', () => {
    const gate = new TelemetryRateGate(50);
    const steady = Array.from({ length: 50 }, (_, i) => i * 20);
    expect(admitted(gate, steady)).toBe(50);
    // A 40 ms stall: the frames due at 1000 and 1020 are read at 1020, both on schedule.
    expect(gate.admit(1020)).toBe(true);
    expect(gate.admit(1020)).toBe(true);
    expect(gate.admit(1040)).toBe(true);
  });

  it('should hold a faster source to the configured rate', () => {
    const gate = new TelemetryRateGate(20);
    // 50 Hz in for 10 s -> 20 Hz out (plus the initial burst allowance).
    const arrivals = Array.from({ length: 500 }, (_, i) => i * 20);
    const out = admitted(gate, arrivals);
    expect(out).toBeGreaterThanOrEqual(199);
    expect(out).toBeLessThanOrEqual(202);
  });

  it('should not let a long stall release a burst of old frames', () => {
    const gate = new TelemetryRateGate(50);
    expect(admitted(gate, [0, 20, 40])).toBe(3);
    // Ten frames read at once after a 200 ms stall: at most the burst goes out.
    expect(
      admitted(
        gate,
        Array.from({ length: 10 }, () => 240),
      ),
    ).toBe(2);
  });

  it('should apply a new rate at once', () => {
    const gate = new TelemetryRateGate(50);
    const first = Array.from({ length: 100 }, (_, i) => i * 20);
    expect(admitted(gate, first)).toBe(100);
    gate.rateHz = 10;
    const next = Array.from({ length: 100 }, (_, i) => 2000 + i * 20);
    expect(admitted(gate, next)).toBeLessThanOrEqual(22);
  });
});
