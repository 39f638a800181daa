import { ApiProperty } from '@nestjs/swagger';

/** Every calculator answers in this one shape: the values, and the unit of each value by name. */
export class CalculatorResultDto {
  @ApiProperty({ example: 'led-resistor' })
  calculator!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true },
    example: { resistance: 150, e12: 150, e24: 150, power: 0.06, powerRating: 0.125 },
  })
  result!: Record<string, number | string | null>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { resistance: 'ohm', e12: 'ohm', e24: 'ohm', power: 'W', powerRating: 'W' },
  })
  units!: Record<string, string>;
}
