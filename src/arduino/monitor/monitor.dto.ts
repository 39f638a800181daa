import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.decorators';

export const MONITOR_BAUD_RATES = [
  300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 250000, 500000, 1000000,
] as const;

export class MonitorOpenDto {
  @ApiProperty({ example: '/dev/ttyACM0', description: 'One of GET /api/arduino/ports' })
  @IsString()
  @MaxLength(4096)
  @Matches(/^\/[\w./-]+$/, {
    message: 'port must be a serial port path from GET /api/arduino/ports',
  })
  port!: string;

  @ApiPropertyOptional({ enum: MONITOR_BAUD_RATES, default: 115200 })
  @IsOptionalNotNull()
  @IsIn(MONITOR_BAUD_RATES, { message: `baudrate must be one of ${MONITOR_BAUD_RATES.join(', ')}` })
  baudrate: number = 115200;

  @ApiPropertyOptional({ enum: [5, 6, 7, 8], default: 8 })
  @IsOptionalNotNull()
  @IsInt()
  @IsIn([5, 6, 7, 8])
  databits: 5 | 6 | 7 | 8 = 8;

  @ApiPropertyOptional({ enum: ['none', 'even', 'odd'], default: 'none' })
  @IsOptionalNotNull()
  @IsIn(['none', 'even', 'odd'])
  parity: 'none' | 'even' | 'odd' = 'none';

  @ApiPropertyOptional({ enum: [1, 2], default: 1 })
  @IsOptionalNotNull()
  @IsIn([1, 2])
  stopbits: 1 | 2 = 1;
}

export const MONITOR_WRITE_MAX = 4096;

export class MonitorWriteDto {
  @ApiProperty({ example: 'ping\n', maxLength: MONITOR_WRITE_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(MONITOR_WRITE_MAX)
  data!: string;
}
