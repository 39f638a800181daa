import type { Session } from '../helpers/auth';

export interface SseEvent {
  event: string;
  data: unknown;
}

export interface StreamedResponse {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  /** The body when it was not an event stream (an error envelope). */
  json?: unknown;
  elapsedMs: number;
}

export function parseEventStream(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim().length > 0)
    .map((frame) => {
      const lines = frame.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

/** POST /api/ai/chat asking for server-sent events, read to the end with a real HTTP client. */
export async function chatStream(
  baseUrl: string,
  session: Session,
  body: unknown,
): Promise<StreamedResponse> {
  const started = Date.now();
  const res = await fetch(`${baseUrl}/api/ai/chat`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${session.accessToken}`,
      'Content-Type': 'application/json',
      Accept: 'text/event-stream',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  const elapsedMs = Date.now() - started;
  if (contentType?.startsWith('text/event-stream')) {
    return { status: res.status, contentType, events: parseEventStream(text), elapsedMs };
  }
  return {
    status: res.status,
    contentType,
    events: [],
    json: JSON.parse(text) as unknown,
    elapsedMs,
  };
}
