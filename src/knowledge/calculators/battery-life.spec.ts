import { DEFAULT_BATTERY_EFFICIENCY, solveBatteryLife } from './battery-life';

describe(solveBatteryLife.name, () => {
  it('should give 16 h for 2000 mAh at 100 mA with the default 0.8', () => {
    expect(solveBatteryLife({ capacityMah: 2000, loadMa: 100 })).toEqual({
      hours: 16,
      efficiency: DEFAULT_BATTERY_EFFICIENCY,
    });
  });

  it('should use the efficiency given', () => {
    expect(solveBatteryLife({ capacityMah: 2000, loadMa: 100, efficiency: 1 }).hours).toBe(20);
  });
});
