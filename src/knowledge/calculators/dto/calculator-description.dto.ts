import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CalculatorInputDto {
  @ApiProperty({ example: 'supplyVoltage' })
  name!: string;

  @ApiProperty({ example: 'V', description: 'SI unless the name says otherwise (mAh, mA, m)' })
  unit!: string;

  @ApiProperty({ example: 'Supply voltage' })
  description!: string;

  @ApiProperty({
    example: true,
    description: 'False for optional inputs and for members of an exactlyTwoOf group',
  })
  required!: boolean;

  @ApiProperty({ example: 0, description: 'The value must be strictly greater than this' })
  exclusiveMinimum!: number;

  @ApiProperty({ example: 1000, description: 'The value must be at most this' })
  maximum!: number;

  @ApiPropertyOptional({ example: 0.8, description: 'Used when the input is absent' })
  default?: number;
}

export class CalculatorOutputDto {
  @ApiProperty({ example: 'e12' })
  name!: string;

  @ApiProperty({ example: 'ohm' })
  unit!: string;

  @ApiProperty({ example: 'Nearest E12 value at or above the exact one' })
  description!: string;
}

export class CalculatorDescriptionDto {
  @ApiProperty({ example: 'led-resistor', description: 'POST /api/knowledge/calculators/<name>' })
  name!: string;

  @ApiProperty({ example: 'LED series resistor' })
  title!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [CalculatorInputDto] })
  inputs!: CalculatorInputDto[];

  @ApiPropertyOptional({
    type: [String],
    example: ['voltage', 'current', 'resistance'],
    description: 'When present, exactly two of these inputs must be given',
  })
  exactlyTwoOf?: string[];

  @ApiProperty({ type: [CalculatorOutputDto] })
  outputs!: CalculatorOutputDto[];
}
