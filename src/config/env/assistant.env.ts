import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { emptyToUndefined, type EnvBase, EnvInt } from './env-fields';

/** The assistant (API.md §8): Anthropic's Messages API when a key is set, else offline. */
export function AssistantEnv<TBase extends EnvBase>(Base: TBase) {
  class AssistantEnv extends Base {
    /** Secret: read, never defaulted or logged. CLAUDE_API_KEY is seed 001's name for it. */
    @Transform(emptyToUndefined)
    @IsOptional()
    @IsString()
    @MinLength(8)
    @MaxLength(500)
    ANTHROPIC_API_KEY?: string;

    @Transform(emptyToUndefined)
    @IsOptional()
    @IsString()
    @MinLength(8)
    @MaxLength(500)
    CLAUDE_API_KEY?: string;

    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(/^https?:\/\/\S+$/, {
      message: 'ANTHROPIC_BASE_URL must be an http:// or https:// URL',
    })
    ANTHROPIC_BASE_URL?: string;

    @Matches(/^[A-Za-z0-9._:@-]{1,100}$/, {
      message: 'ANTHROPIC_MODEL must be a model id such as claude-sonnet-4-5',
    })
    ANTHROPIC_MODEL = 'claude-sonnet-4-5';

    /** The longest wait for the provider's next sign of life: its answer, or the stream's next event. */
    @EnvInt(100, 300_000) AI_TIMEOUT_MS = 30_000;
    /** The longest a whole reply may take, streamed or not. */
    @EnvInt(1000, 600_000) AI_MAX_DURATION_MS = 120_000;
    @EnvInt(0, 5) AI_MAX_RETRIES = 1;
    @EnvInt(16, 8192) AI_MAX_TOKENS = 1024;
    /** Chat requests per user per minute. */
    @EnvInt(1, 10_000) AI_CHAT_RATE_LIMIT = 10;
  }
  return AssistantEnv;
}
