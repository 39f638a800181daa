import { AppError } from '../../../common/errors/app-error';
import { SETTING_BOUNDS, SETTING_KEYS } from '../../../common/runtime/runtime-settings';
import { createValidationPipe } from '../../../common/validation/validation.pipe';
import { UpdateRuntimeConfigDto } from './update-runtime-config.dto';

const asBody = { type: 'body' as const, metatype: UpdateRuntimeConfigDto, data: '' };

// async: the pipe refuses a non-object body synchronously
const validate = async (value: unknown): Promise<unknown> =>
  (await createValidationPipe().transform(value, asBody)) as unknown;

async function fieldsRefused(value: unknown): Promise<string[]> {
  try {
    await validate(value);
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') {
      return (error.details ?? []).map((d) => d.field);
    }
    throw error;
  }
  throw new Error('expected a validation error');
}

describe(UpdateRuntimeConfigDto.name, () => {
  it('should accept any subset, an empty one included', async () => {
    await expect(validate({})).resolves.toEqual({});
    await expect(validate({ telemetryRateHz: 25 })).resolves.toEqual({ telemetryRateHz: 25 });
    await expect(
      validate({ fleetUpdateIntervalMs: 100, deadmanTimeoutMs: 2000, defaultRateLimit: 7 }),
    ).resolves.toEqual({ fleetUpdateIntervalMs: 100, deadmanTimeoutMs: 2000, defaultRateLimit: 7 });
  });

  it.each(SETTING_KEYS)('should take %s at its bounds and refuse one past them', async (key) => {
    const { min, max } = SETTING_BOUNDS[key];
    await expect(validate({ [key]: min })).resolves.toEqual({ [key]: min });
    await expect(validate({ [key]: max })).resolves.toEqual({ [key]: max });
    expect(await fieldsRefused({ [key]: min - 1 })).toEqual([key]);
    expect(await fieldsRefused({ [key]: max + 1 })).toEqual([key]);
  });

  it('should accept null as a reset to the default', async () => {
    await expect(validate({ deadmanTimeoutMs: null })).resolves.toEqual({ deadmanTimeoutMs: null });
  });

  it('should refuse strings, fractions and other types without coercing them', async () => {
    expect(await fieldsRefused({ telemetryRateHz: '20' })).toEqual(['telemetryRateHz']);
    expect(await fieldsRefused({ fleetUpdateIntervalMs: 250.5 })).toEqual([
      'fleetUpdateIntervalMs',
    ]);
    expect(await fieldsRefused({ defaultRateLimit: true })).toEqual(['defaultRateLimit']);
    expect(await fieldsRefused({ deadmanTimeoutMs: [1000] })).toEqual(['deadmanTimeoutMs']);
  });

  it('should refuse unknown fields, naming each, and every bad field at once', async () => {
    expect(await fieldsRefused({ telemetryRateHz: 0, jwtSecret: 'x', fleetSize: 3 })).toEqual(
      expect.arrayContaining(['telemetryRateHz', 'jwtSecret', 'fleetSize']),
    );
  });

  it('should refuse a body that is not an object', async () => {
    await expect(validate([{ telemetryRateHz: 10 }])).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
