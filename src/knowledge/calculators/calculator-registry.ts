import {
  type CalculatorDefinition,
  type CalculatorInputSpec,
  defineCalculator,
  given,
} from './calculator-definition';
import { DEFAULT_BATTERY_EFFICIENCY, solveBatteryLife } from './battery-life';
import { solveLedResistor } from './led-resistor';
import { type OhmsLawGiven, solveOhmsLaw } from './ohms-law';
import { solvePower } from './power';
import { solveRcTimeConstant } from './rc-time-constant';
import { solveVoltageDivider } from './voltage-divider';
import { solveWireGauge } from './wire-gauge';
import { AppError } from '../../common/errors/app-error';

// Bounds are generous bench ranges, wide enough for any circuit on the rover. A quotient of extreme
// inputs can still overflow a double; the service refuses a non-finite result rather than send null.
const positive = <K extends string>(
  name: K,
  unit: string,
  maximum: number,
  description: string,
  required = true,
): CalculatorInputSpec<K> => ({ name, unit, description, required, exclusiveMinimum: 0, maximum });

const VIR = ['voltage', 'current', 'resistance'] as const;
type Vir = (typeof VIR)[number];
const virInputs = [
  positive('voltage', 'V', 1e6, 'Voltage across the resistance'),
  positive('current', 'A', 1e4, 'Current through it'),
  positive('resistance', 'ohm', 1e12, 'Resistance'),
];
const VIR_OUTPUTS = [
  { name: 'voltage', unit: 'V', description: 'Voltage' },
  { name: 'current', unit: 'A', description: 'Current' },
  { name: 'resistance', unit: 'ohm', description: 'Resistance' },
  { name: 'power', unit: 'W', description: 'Power dissipated' },
];

/** The validator has checked that exactly two of the three are present. */
const twoOfVir = (v: Partial<Record<Vir, number>>): OhmsLawGiven =>
  v.resistance === undefined
    ? { voltage: given(v.voltage), current: given(v.current) }
    : v.current === undefined
      ? { voltage: given(v.voltage), resistance: v.resistance }
      : { current: v.current, resistance: v.resistance };

export const CALCULATORS: readonly CalculatorDefinition[] = [
  defineCalculator({
    name: 'ohms-law',
    title: "Ohm's law",
    description:
      'Give exactly two of voltage, current and resistance; get the third and the power.',
    inputs: virInputs,
    exactlyTwoOf: VIR,
    outputs: VIR_OUTPUTS,
    compute: (v) => ({ ...solveOhmsLaw(twoOfVir(v)) }),
  }),
  defineCalculator({
    name: 'voltage-divider',
    title: 'Voltage divider',
    description: 'Unloaded output of two resistors in series: vout = vin · r2 / (r1 + r2).',
    inputs: [
      positive('vin', 'V', 1e6, 'Input voltage'),
      positive('r1', 'ohm', 1e12, 'Upper resistor, between vin and vout'),
      positive('r2', 'ohm', 1e12, 'Lower resistor, between vout and ground'),
    ],
    outputs: [
      { name: 'vout', unit: 'V', description: 'Output voltage, unloaded' },
      { name: 'current', unit: 'A', description: 'Current through the divider' },
      { name: 'power', unit: 'W', description: 'Power dissipated by both resistors' },
    ],
    compute: (v) => ({
      ...solveVoltageDivider({ vin: given(v.vin), r1: given(v.r1), r2: given(v.r2) }),
    }),
  }),
  defineCalculator({
    name: 'led-resistor',
    title: 'LED series resistor',
    description:
      'Resistor for an LED: the exact value, the nearest E12 and E24 values at or above it, ' +
      'its dissipation and the smallest standard rating (1/8, 1/4, 1/2, 1, 2, 5 W) that covers it.',
    inputs: [
      positive('supplyVoltage', 'V', 1000, 'Supply voltage'),
      positive('ledVoltage', 'V', 1000, 'LED forward voltage, below the supply'),
      positive('ledCurrent', 'A', 10, 'LED current'),
    ],
    outputs: [
      { name: 'resistance', unit: 'ohm', description: 'Exact resistance' },
      { name: 'e12', unit: 'ohm', description: 'Nearest E12 value at or above the exact one' },
      { name: 'e24', unit: 'ohm', description: 'Nearest E24 value at or above the exact one' },
      { name: 'power', unit: 'W', description: 'Power dissipated in the resistor' },
      {
        name: 'powerRating',
        unit: 'W',
        description: 'Smallest standard rating at or above the power; null above 5 W',
      },
    ],
    crossCheck: (v) =>
      given(v.ledVoltage) < given(v.supplyVoltage)
        ? []
        : [{ field: 'ledVoltage', messages: ['ledVoltage must be less than supplyVoltage'] }],
    compute: (v) => ({
      ...solveLedResistor({
        supplyVoltage: given(v.supplyVoltage),
        ledVoltage: given(v.ledVoltage),
        ledCurrent: given(v.ledCurrent),
      }),
    }),
  }),
  defineCalculator({
    name: 'power',
    title: 'Power',
    description: 'Give exactly two of voltage, current and resistance; get the power and the rest.',
    inputs: virInputs,
    exactlyTwoOf: VIR,
    outputs: [VIR_OUTPUTS[3], ...VIR_OUTPUTS.slice(0, 3)],
    compute: (v) => ({ ...solvePower(twoOfVir(v)) }),
  }),
  defineCalculator({
    name: 'rc-time-constant',
    title: 'RC time constant',
    description: 'τ = R·C, the time to 63 % of the final voltage, and 5τ (≈ 99 %).',
    inputs: [
      positive('resistance', 'ohm', 1e12, 'Resistance'),
      positive('capacitance', 'F', 1e3, 'Capacitance'),
    ],
    outputs: [
      { name: 'tau', unit: 's', description: 'Time constant R·C' },
      { name: 'timeTo63Percent', unit: 's', description: 'Time to 63.2 % (one τ)' },
      { name: 'timeTo99Percent', unit: 's', description: 'Time to 99.3 % (five τ)' },
    ],
    compute: (v) => ({
      ...solveRcTimeConstant({
        resistance: given(v.resistance),
        capacitance: given(v.capacitance),
      }),
    }),
  }),
  defineCalculator({
    name: 'battery-life',
    title: 'Battery life',
    description: `Hours = capacity × efficiency / load; efficiency defaults to ${DEFAULT_BATTERY_EFFICIENCY}.`,
    inputs: [
      positive('capacityMah', 'mAh', 1e7, 'Rated capacity'),
      positive('loadMa', 'mA', 1e6, 'Average load current'),
      {
        ...positive('efficiency', '1', 1, 'Usable fraction of the capacity, 0 < e ≤ 1', false),
        default: DEFAULT_BATTERY_EFFICIENCY,
      },
    ],
    outputs: [
      { name: 'hours', unit: 'h', description: 'Run time' },
      { name: 'efficiency', unit: '1', description: 'The efficiency used, given or default' },
    ],
    compute: (v) => ({
      ...solveBatteryLife({
        capacityMah: given(v.capacityMah),
        loadMa: given(v.loadMa),
        efficiency: v.efficiency,
      }),
    }),
  }),
  defineCalculator({
    name: 'wire-gauge',
    title: 'Wire gauge',
    description:
      'Thinnest copper AWG (highest number, 40 down to 4/0) whose round-trip voltage drop stays ' +
      'within maxDropPercent of the supply. Copper at 20 °C, 1.724e-8 ohm·m; ampacity not checked.',
    inputs: [
      positive('current', 'A', 1000, 'Load current'),
      positive('lengthM', 'm', 10000, 'One-way cable length (the round trip is twice this)'),
      positive('voltage', 'V', 1e5, 'Supply voltage'),
      positive('maxDropPercent', '%', 100, 'Largest acceptable voltage drop'),
    ],
    outputs: [
      { name: 'awg', unit: 'AWG', description: 'Gauge number; 0 is 1/0, -1 is 2/0 … -3 is 4/0' },
      { name: 'awgLabel', unit: 'AWG', description: 'Gauge as printed: "18", "1/0", "4/0"' },
      { name: 'diameterMm', unit: 'mm', description: 'Conductor diameter' },
      { name: 'areaMm2', unit: 'mm²', description: 'Conductor cross-section' },
      { name: 'resistance', unit: 'ohm', description: 'Resistance of the round trip' },
      { name: 'voltageDrop', unit: 'V', description: 'Drop over the round trip' },
      { name: 'dropPercent', unit: '%', description: 'Drop as a share of the supply' },
    ],
    compute: (v) => {
      const wire = solveWireGauge({
        current: given(v.current),
        lengthM: given(v.lengthM),
        voltage: given(v.voltage),
        maxDropPercent: given(v.maxDropPercent),
      });
      if (!wire) {
        throw new AppError('unprocessable', 'No AWG up to 4/0 keeps the drop within the limit', [
          { field: 'maxDropPercent', messages: ['even 4/0 copper drops more than maxDropPercent'] },
        ]);
      }
      return { ...wire };
    },
  }),
];

export const findCalculator = (name: string): CalculatorDefinition | undefined =>
  CALCULATORS.find((c) => c.name === name);
