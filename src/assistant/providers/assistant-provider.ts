import type { ChatMessage } from '../assistant.types';
import type { AssistantContext } from '../retrieval/assistant-context';

export interface ProviderRequest {
  system: string;
  /** Oldest first; the last one is the user's question. */
  messages: ChatMessage[];
  /** For a provider that answers without a model (the offline one). */
  context: AssistantContext;
  /** Aborted when the caller goes away or a deadline passes; the provider stops at once. */
  signal: AbortSignal;
}

/**
 * Where replies come from. A provider has no tools and no way to reach the rover or the database:
 * what it can say is all it can do.
 */
export abstract class AssistantProvider {
  abstract readonly model: string;
  abstract readonly offline: boolean;
  abstract complete(request: ProviderRequest): Promise<string>;
  /** The reply in pieces, as they are written. */
  abstract stream(request: ProviderRequest): AsyncIterable<string>;
}
