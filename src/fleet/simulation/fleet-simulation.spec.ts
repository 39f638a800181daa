import { robotId } from '../../common/robots/robot-id';
import { FLEET_BASE } from '../geo';
import type { RobotState } from '../robot';
import { FleetSimulation, seededRandom, simulatedRobotId } from './fleet-simulation';

const T0 = new Date('2026-11-25T12:00:00Z').getTime();

function simulation(size = 5, seed = 42, outages = true): FleetSimulation {
  return new FleetSimulation({
    size,
    base: FLEET_BASE,
    random: seededRandom(seed),
    outages,
    startedAt: new Date(T0),
  });
}

/** Runs `steps` ticks of `stepMs` and collects each robot's emitted states, by id. */
function run(sim: FleetSimulation, steps: number, stepMs: number): Map<string, RobotState[]> {
  const history = new Map<string, RobotState[]>();
  for (let i = 1; i <= steps; i++) {
    for (const robot of sim.advance(new Date(T0 + i * stepMs))) {
      const states = history.get(robot.id) ?? [];
      states.push(robot);
      history.set(robot.id, states);
    }
  }
  return history;
}

/** Metres between two points near the base (equirectangular, as the model places them). */
function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const north = (b.lat - a.lat) * 111_320;
  const east = (b.lng - a.lng) * 111_320 * Math.cos((FLEET_BASE.lat * Math.PI) / 180);
  return Math.hypot(east, north);
}

describe(FleetSimulation.name, () => {
  it('should name robots sim-robot-<n> with ids derived from their number', () => {
    const robots = simulation(3).robots();
    expect(robots.map((r) => r.name)).toEqual(['sim-robot-1', 'sim-robot-2', 'sim-robot-3']);
    expect(robots.map((r) => r.id)).toEqual([1, 2, 3].map((n) => robotId('sim', String(n))));
    expect(simulatedRobotId(2)).toBe(robots[1].id);
  });

  it('should give the same ids on every run, whatever the random draws', () => {
    expect(
      simulation(4, 1)
        .robots()
        .map((r) => r.id),
    ).toEqual(
      simulation(4, 2)
        .robots()
        .map((r) => r.id),
    );
  });

  it('should report whole percentages within 0-100 and a location near the base', () => {
    const history = run(simulation(10), 2000, 5000);
    const states = [...history.values()].flat();
    const percentages = states.flatMap((r) => [r.battery, r.cpu, r.ram]);
    expect(percentages.every((v) => Number.isInteger(v) && v! >= 0 && v! <= 100)).toBe(true);
    expect(states.every((r) => r.kind === 'simulated' && r.link === null)).toBe(true);
    const farthest = Math.max(...states.map((r) => metresBetween(FLEET_BASE, r.location!)));
    expect(farthest).toBeLessThan(1000);
  });

  it('should move a robot a little each tick, never jump', () => {
    const history = run(simulation(5), 500, 5000);
    for (const states of history.values()) {
      for (let i = 1; i < states.length; i++) {
        if (!states[i].online || !states[i - 1].online) continue;
        // 1.5 m/s at most, over 5 s, plus rounding.
        expect(metresBetween(states[i - 1].location!, states[i].location!)).toBeLessThan(8);
      }
    }
  });

  it('should drain the battery while roaming and recharge it once low', () => {
    // Five simulated hours in 5 s ticks: every robot goes through at least one charge cycle.
    const history = run(simulation(5), 3600, 5000);
    for (const states of history.values()) {
      const batteries = states.filter((s) => s.online).map((s) => s.battery!);
      expect(Math.min(...batteries)).toBeLessThanOrEqual(25);
      const lowAt = batteries.findIndex((b) => b <= 25);
      expect(Math.max(...batteries.slice(lowAt))).toBeGreaterThanOrEqual(99);
      let drops = 0;
      for (let i = 1; i < batteries.length; i++) if (batteries[i] < batteries[i - 1]) drops++;
      expect(drops).toBeGreaterThan(10);
    }
  });

  it('should let cpu and ram wander rather than stand still', () => {
    const history = run(simulation(5), 200, 5000);
    for (const states of history.values()) {
      expect(new Set(states.map((s) => s.cpu)).size).toBeGreaterThan(3);
      expect(new Set(states.map((s) => s.ram)).size).toBeGreaterThan(1);
    }
  });

  it('should take robots offline now and then, freeze them, and bring them back', () => {
    const sim = simulation(5);
    const history = run(sim, 3600, 5000);
    let outages = 0;
    for (const states of history.values()) {
      for (let i = 1; i < states.length; i++) {
        if (states[i - 1].online && !states[i].online) {
          outages++;
          // Going offline says nothing new: the last values and the last-heard time stay.
          expect(states[i].lastUpdated).toEqual(states[i - 1].lastUpdated);
          expect(states[i].battery).toBe(states[i - 1].battery);
          expect(states[i].location).toEqual(states[i - 1].location);
          expect(states[i + 1]?.online ?? true).toBe(true); // nothing is emitted while offline
        }
      }
    }
    expect(outages).toBeGreaterThan(0);
    expect(outages).toBeLessThan(5 * 30); // occasionally: a few an hour per robot at most
  });

  it('should keep every robot online, ticking, when outages are off', () => {
    // The same seed and span as above, where robots do drop off.
    const history = run(simulation(5, 42, false), 3600, 5000);
    expect(history.size).toBe(5);
    for (const states of history.values()) {
      expect(states).toHaveLength(3600);
      expect(states.every((s) => s.online)).toBe(true);
    }
  });

  it('should emit every online robot on each tick, stamped with the tick time', () => {
    const sim = simulation(5);
    const at = new Date(T0 + 5000);
    const updated = sim.advance(at);
    expect(updated).toHaveLength(5);
    expect(updated.every((r) => r.online && r.lastUpdated?.getTime() === at.getTime())).toBe(true);
  });

  it('should count a long pause as at most a minute of simulated time', () => {
    const paused = simulation(1, 7);
    const before = paused.robots()[0].battery!;
    const after = paused.advance(new Date(T0 + 24 * 3600_000))[0];
    // One minute drains well under 10 %; a whole day would have emptied it.
    expect(before - after.battery!).toBeLessThan(10);
  });

  it('should be reproducible from a seed', () => {
    const a = run(simulation(3, 9), 50, 5000);
    const b = run(simulation(3, 9), 50, 5000);
    expect([...a.values()]).toEqual([...b.values()]);
  });
});
