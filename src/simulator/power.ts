/** Battery, motor current and motor temperature as functions of how hard the motors work. */

export const BATTERY_FULL_V = 12.6;
export const BATTERY_EMPTY_V = 10.5;
export const IDLE_DRAIN_PCT_PER_S = 0.02;
export const FULL_LOAD_DRAIN_PCT_PER_S = 0.3;
export const IDLE_CURRENT_A = 0.3;
export const FULL_LOAD_EXTRA_CURRENT_A = 2.5;
export const AMBIENT_TEMPERATURE_C = 25;
export const FULL_LOAD_TEMPERATURE_RISE_C = 20;
/** Motors warm up and cool down over about a minute, not from one telemetry frame to the next. */
export const THERMAL_TIME_CONSTANT_S = 60;

export interface PowerState {
  batteryPct: number;
  temperatureC: number;
  currentA: number;
}

export function initialPower(batteryPct: number): PowerState {
  return { batteryPct, temperatureC: AMBIENT_TEMPERATURE_C, currentA: IDLE_CURRENT_A };
}

export function batteryVoltage(batteryPct: number): number {
  return BATTERY_EMPTY_V + ((BATTERY_FULL_V - BATTERY_EMPTY_V) * batteryPct) / 100;
}

/** @param load 0 (motors idle) .. 1 (full speed), averaged over the step. */
export function stepPower(state: PowerState, load: number, dtS: number): PowerState {
  const drainPerS =
    IDLE_DRAIN_PCT_PER_S + (FULL_LOAD_DRAIN_PCT_PER_S - IDLE_DRAIN_PCT_PER_S) * load;
  const targetC = AMBIENT_TEMPERATURE_C + FULL_LOAD_TEMPERATURE_RISE_C * load;
  const approach = 1 - Math.exp(-dtS / THERMAL_TIME_CONSTANT_S);
  return {
    batteryPct: Math.max(0, state.batteryPct - drainPerS * dtS),
    temperatureC: state.temperatureC + (targetC - state.temperatureC) * approach,
    currentA: IDLE_CURRENT_A + FULL_LOAD_EXTRA_CURRENT_A * load,
  };
}
