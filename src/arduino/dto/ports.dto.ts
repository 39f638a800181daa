import { ApiProperty } from '@nestjs/swagger';

export class PortDto {
  @ApiProperty({ example: '/dev/ttyACM0' }) port!: string;
  @ApiProperty({ example: 'Arduino Uno' }) description!: string;
  @ApiProperty({ example: 'USB VID:PID=2341:0043' }) hwid!: string;
  @ApiProperty({ example: true }) is_arduino!: boolean;
}

export class PortListDto {
  @ApiProperty({ type: [PortDto] }) ports!: PortDto[];
}
