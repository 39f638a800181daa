/** Usable fraction of the rated capacity when none is given (regulator losses, cut-off voltage). */
export const DEFAULT_BATTERY_EFFICIENCY = 0.8;

export interface BatteryLifeInput {
  /** mAh, rated */
  capacityMah: number;
  /** mA, average draw */
  loadMa: number;
  /** 0 < efficiency ≤ 1; DEFAULT_BATTERY_EFFICIENCY when absent */
  efficiency?: number;
}

export interface BatteryLifeResult {
  /** h */
  hours: number;
  /** the efficiency used, given or default */
  efficiency: number;
}

export function solveBatteryLife({
  capacityMah,
  loadMa,
  efficiency = DEFAULT_BATTERY_EFFICIENCY,
}: BatteryLifeInput): BatteryLifeResult {
  return { hours: (capacityMah * efficiency) / loadMa, efficiency };
}
