import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageMetaDto } from '../../common/pagination/pagination.dto';
import { IsPlainText } from '../../common/validation/clean-text.decorators';
import { IsOptionalNotNull } from '../../common/validation/optional.decorators';
import type { ChatRole, SourceKind } from '../assistant.types';

export const CHAT_MESSAGE_MAX_LENGTH = 8000;
export const CHAT_MESSAGES_MAX = 20;

export class ChatMessageDto {
  @ApiProperty({ enum: ['user', 'assistant'], example: 'user' })
  @IsIn(['user', 'assistant'], { message: 'role must be user or assistant' })
  role!: ChatRole;

  @ApiProperty({ example: 'Why does my L298N get hot?', maxLength: CHAT_MESSAGE_MAX_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(CHAT_MESSAGE_MAX_LENGTH)
  @IsPlainText()
  content!: string;
}

export class ChatRequestDto {
  @ApiProperty({
    type: [ChatMessageDto],
    description:
      "This turn's messages, the last one the user's question. With conversationId the stored " +
      'conversation comes before them, so send only what is new.',
    minItems: 1,
    maxItems: CHAT_MESSAGES_MAX,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHAT_MESSAGES_MAX)
  @IsObject({ each: true, message: 'each message must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages!: ChatMessageDto[];

  @ApiPropertyOptional({
    description: 'Stream the reply as server-sent events, like `Accept: text/event-stream`',
    default: false,
  })
  @IsOptionalNotNull()
  @IsBoolean()
  stream?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Continue one of your conversations' })
  @IsOptionalNotNull()
  @IsUUID('4', { message: 'conversationId must be a UUID' })
  conversationId?: string;
}

export class SourceRefDto {
  @ApiProperty({ enum: ['part', 'document', 'rover-status', 'alert', 'audit'] })
  kind!: SourceKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  id!: string | null;
  @ApiProperty({ example: 'L298N Dual H-Bridge Motor Driver Module' })
  title!: string;
}

export class ChatReplyDto {
  @ApiProperty({ example: 'The L298N drops about 2 V across its outputs at 1 A [1] ...' })
  reply!: string;
  @ApiProperty({ example: 'claude-sonnet-4-5', description: '`offline-knowledge-base` offline' })
  model!: string;
  @ApiProperty({ format: 'uuid' })
  conversationId!: string;
  @ApiProperty({ type: [SourceRefDto], description: 'What the reply was built from, in [n] order' })
  sources!: SourceRefDto[];
  @ApiProperty({ description: 'True when no API key is set and the local assistant answered' })
  offline!: boolean;
}

export class StoredMessageDto {
  @ApiProperty({ enum: ['user', 'assistant'] })
  role!: ChatRole;
  @ApiProperty()
  content!: string;
  @ApiProperty({ type: [SourceRefDto] })
  sources!: SourceRefDto[];
  @ApiProperty({ nullable: true, type: String })
  model!: string | null;
  @ApiProperty({ example: '2026-12-01T10:30:00.000Z' })
  createdAt!: string;
}

export class ConversationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'Why does my L298N get hot?' })
  title!: string;
  @ApiProperty({ example: '2026-12-01T10:30:00.000Z' })
  createdAt!: string;
  @ApiProperty({ example: '2026-12-01T10:31:00.000Z' })
  updatedAt!: string;
}

export class ConversationDto extends ConversationSummaryDto {
  @ApiProperty({ type: [StoredMessageDto], description: 'Oldest first (the newest 200)' })
  messages!: StoredMessageDto[];
}

export class ConversationPageDto extends PageMetaDto {
  @ApiProperty({ type: [ConversationSummaryDto] })
  items!: ConversationSummaryDto[];
}
