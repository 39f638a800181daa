import type {
  ChatReplyDto,
  ChatRequestDto,
  ConversationDto,
  SourceRefDto,
} from '../../../src/assistant/dto/chat.dto';
import { api, ApiError, type ApiErrorBody, session } from '../api/http';
import { el } from '../ui/dom';
import { renderMarkdown } from '../ui/markdown';
import { showInKnowledge } from './knowledge';

/** CHAT_MESSAGE_MAX_LENGTH in src/assistant/dto/chat.dto.ts (a value import would bundle the DTO). */
const MESSAGE_MAX_LENGTH = 8000;

type StartEvent = Pick<ChatReplyDto, 'conversationId' | 'model' | 'sources' | 'offline'>;

/** An HTTP error before the stream began, with Retry-After for a 429. */
class ChatFailure extends ApiError {
  constructor(
    body: ApiErrorBody,
    readonly retryAfter: string | null,
  ) {
    super(body);
  }
}

/** The open conversation survives leaving the page; it is read back from the service on return. */
let conversationId: string | null = null;
/**
 * What was typed, or asked and not yet answered, when the page went away: a session refresh
 * re-renders the shell (and this page) mid-question, and the question must not vanish with it.
 */
let draft = '';

/**
 * The assistant (`POST /api/ai/chat`), its reply streamed as server-sent events over the POST and
 * shown as it arrives, then the sources it was built from. Each question carries only itself and
 * the conversation's id; the service keeps the history.
 */
export function renderAssistant(main: HTMLElement): () => void {
  let inFlight: AbortController | null = null;
  let unanswered: string | null = null;

  const offline = el(
    'span',
    {
      class: 'badge offline',
      'data-testid': 'chat-offline',
      title: 'No ANTHROPIC_API_KEY is configured: answers list what the knowledge base holds',
      hidden: '',
    },
    'offline',
  );
  const fresh = el(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'chat-new' },
    'New conversation',
  );
  const messages = el('ol', {
    class: 'chat',
    'data-testid': 'chat-messages',
    'aria-live': 'polite',
  });
  const empty = el('p', { class: 'muted' }, 'Ask about parts, wiring, or what the rover reports.');
  const failure = el('div', {
    class: 'error-box',
    role: 'alert',
    'data-testid': 'chat-error',
    hidden: '',
  });
  const input = el('textarea', {
    name: 'message',
    rows: '3',
    maxlength: String(MESSAGE_MAX_LENGTH),
    'aria-label': 'Your question',
    placeholder: 'Why does my L298N get hot?  (Enter sends, Shift+Enter for a new line)',
    'data-testid': 'chat-input',
  });
  const send = el('button', { type: 'submit', 'data-testid': 'chat-send' }, 'Send');
  const form = el('form', { class: 'chat-form' }, input, send);
  main.append(
    el(
      'section',
      { class: 'panel assistant' },
      el('div', { class: 'bar' }, el('h2', {}, 'Assistant'), offline, fresh),
      empty,
      messages,
      failure,
      form,
    ),
  );

  const showError = (text: string): void => {
    failure.textContent = text;
    failure.hidden = text === '';
  };
  const showOffline = (isOffline: boolean): void => {
    offline.hidden = !isOffline;
  };
  const add = (message: HTMLElement): void => {
    empty.hidden = true;
    messages.append(message);
    message.scrollIntoView({ block: 'nearest' });
  };
  const reset = (): void => {
    inFlight?.abort();
    inFlight = null;
    unanswered = null;
    conversationId = null;
    messages.replaceChildren();
    empty.hidden = false;
    showError('');
    showOffline(false);
    send.disabled = false;
  };

  const ask = async (question: string): Promise<void> => {
    showError('');
    const asked = messageItem('user', question);
    const answer = messageItem('assistant', '');
    answer.classList.add('pending');
    add(asked);
    add(answer);
    const text = answer.querySelector('.content') as HTMLElement;
    const controller = new AbortController();
    inFlight = controller;
    unanswered = question;
    send.disabled = true;
    let started = false;
    let finished = null as ChatReplyDto | null;
    const body: ChatRequestDto = {
      messages: [{ role: 'user', content: question }],
      ...(conversationId ? { conversationId } : {}),
    };
    try {
      await streamChat(body, controller.signal, (event, data) => {
        if (event === 'start') {
          started = true;
          showOffline((data as StartEvent).offline);
        } else if (event === 'delta') {
          started = true;
          countDelta();
          text.append((data as { text: string }).text);
          answer.scrollIntoView({ block: 'nearest' });
        } else if (event === 'done') {
          finished = data as ChatReplyDto;
        } else if (event === 'error') {
          throw new ApiError(data as ApiErrorBody);
        }
      });
      if (!finished) throw new Error('The reply was cut off; ask again.');
      const reply: ChatReplyDto = finished;
      unanswered = null;
      conversationId = reply.conversationId;
      showOffline(reply.offline);
      answer.replaceWith(messageItem('assistant', reply.reply, reply.sources, reply.model));
    } catch (error) {
      if (controller.signal.aborted) return;
      unanswered = null;
      showError(errorText(error));
      if (started) {
        // Part of an answer arrived: keep it, but nothing was stored, so offer the question again.
        answer.classList.replace('pending', 'failed');
      } else {
        asked.remove();
        answer.remove();
        empty.hidden = messages.childElementCount > 0;
      }
      if (!input.value) input.value = question;
    } finally {
      if (inFlight === controller) {
        inFlight = null;
        send.disabled = false;
      }
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question || inFlight) return;
    input.value = '';
    void ask(question);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  fresh.addEventListener('click', () => {
    reset();
    input.focus();
  });

  if (conversationId) {
    const id = conversationId;
    api<ConversationDto>('GET', `/api/ai/conversations/${encodeURIComponent(id)}`).then(
      (conversation) => {
        if (conversationId !== id || messages.childElementCount > 0) return;
        conversation.messages.forEach((m) =>
          add(messageItem(m.role, m.content, m.sources, m.model)),
        );
        showOffline(conversation.messages.at(-1)?.model === 'offline-knowledge-base');
      },
      () => {
        if (conversationId === id) conversationId = null; // gone: the next question starts anew
      },
    );
  }
  input.value = draft;
  draft = '';
  input.focus();
  return () => {
    draft = unanswered ?? input.value;
    inFlight?.abort();
  };
}

function messageItem(
  role: 'user' | 'assistant',
  content: string,
  sources: SourceRefDto[] = [],
  model: string | null = null,
): HTMLElement {
  const item = el(
    'li',
    { class: `message ${role}`, 'data-testid': 'chat-message', 'data-role': role },
    el('span', { class: 'who' }, role === 'user' ? 'You' : 'Assistant'),
    // A finished answer is read as Markdown (as text, never HTML); one still streaming is plain text.
    role === 'assistant' && content
      ? renderMarkdown(content, 'content')
      : el('div', { class: 'content' }, content),
  );
  if (sources.length > 0)
    item.append(
      el(
        'ul',
        { class: 'sources', 'data-testid': 'chat-sources', 'aria-label': 'Sources' },
        ...sources.map(sourceItem),
      ),
    );
  if (model) item.append(el('small', { class: 'muted' }, model));
  return item;
}

function sourceItem(source: SourceRefDto, index: number): HTMLElement {
  const label = `[${index + 1}] ${source.title}`;
  const kind = source.kind;
  let title: HTMLElement;
  if ((kind === 'part' || kind === 'document') && source.id) {
    const id = source.id;
    title = el('a', { href: '#/knowledge' }, label);
    title.addEventListener('click', () => showInKnowledge(kind, id));
  } else {
    title = el('span', {}, label);
  }
  return el('li', {}, el('span', { class: `badge kind-${kind}` }, kind), title);
}

/** How many `delta` events arrived, for tests to tell a streamed reply from a single write. */
function countDelta(): void {
  const w = window as unknown as { __rmc?: { chatDeltas?: number } };
  const rmc = (w.__rmc ??= {});
  rmc.chatDeltas = (rmc.chatDeltas ?? 0) + 1;
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const { statusCode, message, details } = error.body;
    const fields = (details ?? []).flatMap((d) => d.messages).join('; ');
    if (statusCode === 429) {
      const wait = error instanceof ChatFailure && error.retryAfter;
      return `Too many questions: ${wait ? `try again in ${wait} s` : 'wait a little and try again'}. (${message})`;
    }
    if (statusCode === 502) return `The assistant's provider failed; try again. (${message})`;
    if (statusCode === 504) return `The assistant's provider did not answer in time. (${message})`;
    return fields ? `${message}: ${fields}` : message;
  }
  if (error instanceof Error && !(error instanceof TypeError)) return error.message;
  return 'Cannot reach the service';
}

/**
 * POSTs with `Accept: text/event-stream` and hands each server-sent event to `onEvent` as it is
 * read (EventSource cannot POST). An HTTP error, before any event, throws a ChatFailure; a JSON
 * answer (a proxy that dropped the Accept) is passed on as `done`.
 */
async function streamChat(
  body: ChatRequestDto,
  signal: AbortSignal,
  onEvent: (event: string, data: unknown) => void,
): Promise<void> {
  const send = () =>
    fetch('/api/ai/chat', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'text/event-stream',
        ...(session.accessToken ? { Authorization: `Bearer ${session.accessToken}` } : {}),
      },
      body: JSON.stringify(body),
      signal,
    });
  let res = await send();
  if (res.status === 401 && (await session.refresh())) res = await send();
  if (!res.ok) {
    const text = await res.text();
    let envelope: ApiErrorBody;
    try {
      envelope = JSON.parse(text) as ApiErrorBody;
    } catch {
      envelope = { statusCode: res.status, error: 'http_error', message: res.statusText };
    }
    throw new ChatFailure(envelope, res.headers.get('Retry-After'));
  }
  if (!res.headers.get('Content-Type')?.startsWith('text/event-stream') || !res.body) {
    onEvent('done', await res.json());
    return;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return; // a frame without its closing blank line is dropped, as EventSource does
      buffer = (buffer + value).replace(/\r\n/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of frame.split('\n')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = text;
          else if (field === 'data') data.push(text);
        }
        if (data.length > 0) onEvent(event, JSON.parse(data.join('\n')));
      }
    }
  } finally {
    void reader.cancel().catch(() => undefined); // a no-op once read to the end
  }
}
