import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { ControlCommandDto } from '../../../rover/dto/control.dto';

export const SOCKET_COMMAND_ACTIONS = ['move', 'stop', 'calibrate'] as const;
export type SocketCommandAction = (typeof SOCKET_COMMAND_ACTIONS)[number];

/** `command` on `/telemetry`: `move` carries the REST control body; `stop` is the e-stop. */
export class SocketCommandDto {
  @ApiProperty({ enum: SOCKET_COMMAND_ACTIONS, example: 'move' })
  @IsIn(SOCKET_COMMAND_ACTIONS)
  action!: SocketCommandAction;

  @ApiPropertyOptional({
    type: ControlCommandDto,
    description: 'For move: { forward, turn, duration? }',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ControlCommandDto)
  parameters?: ControlCommandDto;
}
