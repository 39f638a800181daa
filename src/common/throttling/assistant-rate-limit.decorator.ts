import { SetMetadata } from '@nestjs/common';

export const ASSISTANT_RATE_LIMIT_KEY = 'rmc:assistantRateLimit';

/** Marks the assistant's chat: each call may cost a paid upstream request (AI_CHAT_RATE_LIMIT). */
export const AssistantRateLimit = (): MethodDecorator =>
  SetMetadata(ASSISTANT_RATE_LIMIT_KEY, true);
