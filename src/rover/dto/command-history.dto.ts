import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/pagination.dto';
import {
  COMMAND_STATUSES,
  COMMAND_TYPES,
  type CommandStatus,
  type CommandType,
} from '../entities/rover-command.entity';

const at = (example: string | null) => ApiProperty({ example, nullable: true, type: String });

export class CommandStagesDto {
  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' }) queued!: string;
  @at('2026-11-25T10:30:00.002Z') sent!: string | null;
  @at('2026-11-25T10:30:00.011Z') acknowledged!: string | null;
  @at('2026-11-25T10:30:02.013Z') completed!: string | null;
  @at(null) rejected!: string | null;
  @at(null) timed_out!: string | null;
}

export class CommandRecordDto {
  @ApiProperty({ format: 'uuid', example: '9b2f6c1e-7d4a-4e2b-8c3f-1a2b3c4d5e6f' }) id!: string;
  @ApiProperty({ example: 'operator1' }) username!: string;
  @ApiProperty({ enum: COMMAND_TYPES, example: 'move' }) type!: CommandType;
  @ApiProperty({ example: 0.5, nullable: true, type: Number }) forward!: number | null;
  @ApiProperty({ example: 0, nullable: true, type: Number }) turn!: number | null;
  @ApiProperty({ example: 2, nullable: true, type: Number }) duration!: number | null;
  @ApiProperty({ enum: COMMAND_STATUSES, example: 'completed' }) status!: CommandStatus;
  @ApiProperty({ example: null, nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: CommandStagesDto }) stages!: CommandStagesDto;
}

export class CommandPageDto extends PageMetaDto {
  @ApiProperty({ type: [CommandRecordDto] }) items!: CommandRecordDto[];
}
