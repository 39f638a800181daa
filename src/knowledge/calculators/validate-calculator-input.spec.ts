import { AppError } from '../../common/errors/app-error';
import { findCalculator } from './calculator-registry';
import { validateCalculatorInput } from './validate-calculator-input';

const calculator = (name: string) => {
  const def = findCalculator(name);
  if (!def) throw new Error(`no calculator ${name}`);
  return def;
};

function detailsOf(name: string, body: unknown): Record<string, string[]> {
  try {
    validateCalculatorInput(calculator(name), body);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    return Object.fromEntries(
      ((error as AppError).details ?? []).map((d) => [d.field, d.messages]),
    );
  }
  throw new Error('expected a validation error');
}

describe(validateCalculatorInput.name, () => {
  it('should pass valid inputs through and fill in defaults', () => {
    expect(
      validateCalculatorInput(calculator('battery-life'), { capacityMah: 1, loadMa: 2 }),
    ).toEqual({ capacityMah: 1, loadMa: 2, efficiency: 0.8 });
  });

  it('should name every bad input at once', () => {
    expect(detailsOf('led-resistor', { supplyVoltage: 'NaN', ledVoltage: -1, extra: 1 })).toEqual({
      extra: ['property extra should not exist'],
      supplyVoltage: ['supplyVoltage must be a number'],
      ledVoltage: ['ledVoltage must be greater than 0'],
      ledCurrent: ['ledCurrent is required'],
    });
  });

  it('should refuse non-finite numbers and values above the maximum', () => {
    expect(detailsOf('rc-time-constant', { resistance: Infinity, capacitance: 1e9 })).toEqual({
      resistance: ['resistance must be a finite number'],
      capacitance: ['capacitance must not be greater than 1000'],
    });
  });

  it('should want exactly two of voltage, current and resistance', () => {
    expect(Object.keys(detailsOf('ohms-law', { voltage: 1, current: 1, resistance: 1 }))).toEqual([
      'voltage',
      'current',
      'resistance',
    ]);
    expect(Object.keys(detailsOf('power', { current: 1 }))).toEqual(['voltage', 'resistance']);
  });

  it('should check that the LED voltage is below the supply', () => {
    expect(
      detailsOf('led-resistor', { supplyVoltage: 3, ledVoltage: 3, ledCurrent: 0.02 }),
    ).toEqual({ ledVoltage: ['ledVoltage must be less than supplyVoltage'] });
  });

  it('should refuse a body that is not an object', () => {
    expect(() => validateCalculatorInput(calculator('power'), [1, 2])).toThrow(AppError);
  });
});
