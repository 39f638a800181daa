import { AssistantProvider, type ProviderRequest } from './assistant-provider';
import { knowledgeSource, roverText } from '../retrieval/prompt';
import type { AssistantContext } from '../retrieval/assistant-context';

export const OFFLINE_MODEL = 'offline-knowledge-base';

/**
 * The assistant without an API key: it says it is offline and answers with what retrieval found,
 * the way a colleague would point at the right pages. It reads no more than the online one does.
 */
export class OfflineProvider extends AssistantProvider {
  readonly offline = true;
  readonly model = OFFLINE_MODEL;

  complete(request: ProviderRequest): Promise<string> {
    return Promise.resolve(offlineAnswer(request.context));
  }

  async *stream(request: ProviderRequest): AsyncIterable<string> {
    // One piece per line, so a streaming client sees the reply arrive as it would online.
    for (const line of offlineAnswer(request.context).split(/(?<=\n)/)) {
      if (request.signal.aborted) return;
      yield line;
      await Promise.resolve();
    }
  }
}

export function offlineAnswer(context: AssistantContext): string {
  const lines = [
    'The assistant is offline (no ANTHROPIC_API_KEY is configured), so this answer is not written by a model: it lists what the knowledge base and the rover report about your question.',
    '',
  ];
  if (context.knowledge.length === 0) {
    lines.push('No part or document in the knowledge base matches your question.');
  } else {
    lines.push('Most related in the knowledge base:');
    context.knowledge.forEach((item, i) => {
      const source = knowledgeSource(item);
      const gist = item.kind === 'part' ? item.record.description : item.record.summary;
      lines.push(`${i + 1}. ${source.title} (${source.kind}): ${gist}`);
    });
  }
  lines.push('', roverText(context.rover));
  if (context.alerts.length > 0) {
    lines.push('', 'Latest alerts:');
    for (const alert of context.alerts) {
      lines.push(`- ${alert.at} ${alert.severity} ${alert.kind}: ${alert.message}`);
    }
  }
  if (context.audit.length > 0) {
    lines.push('', 'Your latest actions:');
    for (const entry of context.audit) {
      lines.push(`- ${entry.at} ${entry.action} (${entry.outcome})`);
    }
  }
  return lines.join('\n');
}
