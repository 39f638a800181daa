import { Type } from 'class-transformer';
import { IsNumber, IsString, ValidateNested } from 'class-validator';
import { AppError } from '../errors/app-error';
import { createValidationPipe } from './validation.pipe';

class PointDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  x!: number;
}

class PathDto {
  @IsString()
  name!: string;

  @ValidateNested({ each: true })
  @Type(() => PointDto)
  points!: PointDto[];
}

const asBody = { type: 'body' as const, metatype: PathDto, data: '' };

async function errorOf(value: unknown): Promise<AppError> {
  try {
    await createValidationPipe().transform(value, asBody);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('createValidationPipe', () => {
  it('should name nested fields by their path', async () => {
    const error = await errorOf({ name: 'p', points: [{ x: 1 }, { x: 'two' }] });
    expect(error.code).toBe('validation_failed');
    expect(error.details?.map((d) => d.field)).toEqual(['points.1.x']);
  });

  it('should refuse unknown fields instead of dropping them', async () => {
    const error = await errorOf({ name: 'p', points: [], role: 'admin' });
    expect(error.details).toEqual([
      { field: 'role', messages: ['property role should not exist'] },
    ]);
  });

  it('should not coerce a numeric string into a number', async () => {
    const error = await errorOf({ name: 'p', points: [{ x: '1' }] });
    expect(error.details?.[0].field).toBe('points.0.x');
  });

  it.each([[[]], [null], ['text'], [42], [undefined]])(
    'should refuse a body that is not an object: %p',
    async (body) => {
      const error = await errorOf(body);
      expect(error.message).toBe('Request body must be a JSON object');
    },
  );

  it('should pass a valid body through as a DTO instance', async () => {
    const value = await createValidationPipe().transform({ name: 'p', points: [{ x: 1 }] }, asBody);
    expect(value).toBeInstanceOf(PathDto);
  });
});
