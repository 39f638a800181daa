import Anthropic from '@anthropic-ai/sdk';
import { AppError } from '../../common/errors/app-error';
import type { AssistantConfig } from '../../config/app-config';
import { AssistantProvider, type ProviderRequest } from './assistant-provider';

/**
 * Anthropic's Messages API through the official SDK. No `tools` are ever sent: the model can only
 * write text. SDK errors become the service's own: an upstream that answers with an error is a 502
 * `upstream_error`, one that does not answer in time a 504 `upstream_timeout`; neither message
 * repeats what the upstream said, which may name the key or the account.
 */
export class AnthropicProvider extends AssistantProvider {
  readonly offline = false;
  readonly model: string;
  private readonly client: Anthropic;

  constructor(private readonly config: AssistantConfig & { apiKey: string }) {
    super();
    this.model = config.model;
    this.client = new Anthropic({
      apiKey: config.apiKey,
      baseURL: config.baseUrl,
      maxRetries: config.maxRetries,
      timeout: config.timeoutMs,
    });
  }

  async complete(request: ProviderRequest): Promise<string> {
    try {
      const message = await this.client.messages.create(this.body(request), {
        signal: request.signal,
      });
      return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    } catch (error) {
      throw this.translate(error);
    }
  }

  async *stream(request: ProviderRequest): AsyncIterable<string> {
    try {
      const stream = this.client.messages.stream(this.body(request), { signal: request.signal });
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          yield event.delta.text;
        }
      }
    } catch (error) {
      throw this.translate(error);
    }
  }

  private body(request: ProviderRequest) {
    return {
      model: this.model,
      max_tokens: this.config.maxTokens,
      system: request.system,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    };
  }

  private translate(error: unknown): unknown {
    // The caller went away or a deadline aborted the call: the service knows which.
    if (error instanceof Anthropic.APIUserAbortError) return error;
    if (error instanceof Anthropic.APIConnectionTimeoutError) {
      return new AppError(
        'upstream_timeout',
        `The assistant's provider did not answer within ${this.config.timeoutMs} ms`,
      );
    }
    if (error instanceof Anthropic.APIConnectionError) {
      return new AppError('upstream_error', "The assistant's provider could not be reached");
    }
    if (error instanceof Anthropic.APIError) {
      return new AppError(
        'upstream_error',
        error.status === undefined
          ? "The assistant's provider failed while answering"
          : `The assistant's provider answered ${error.status}`,
      );
    }
    return error;
  }
}
