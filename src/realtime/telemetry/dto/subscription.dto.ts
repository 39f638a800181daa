import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { type Channel, CHANNEL_PATTERN, MAX_CHANNELS_PER_REQUEST } from '../channels';

export class SubscriptionDto {
  @ApiProperty({
    example: ['telemetry', 'alerts', 'status', 'fleet'],
    maxItems: MAX_CHANNELS_PER_REQUEST,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHANNELS_PER_REQUEST)
  @IsString({ each: true })
  @Matches(CHANNEL_PATTERN, {
    each: true,
    message:
      'each channel must be one of telemetry, alerts, status, fleet, commands, jobs or robot:<uuid>',
  })
  channels!: Channel[];
}
