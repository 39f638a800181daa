import type { DocumentResponseDto } from '../../../src/knowledge/documents/dto/document.dto';
import type { PartResponseDto } from '../../../src/knowledge/parts/dto/part.dto';
import type { SearchHitDto, SearchResultDto } from '../../../src/knowledge/search/dto/search.dto';
import { api, ApiError } from '../api/http';
import { el } from '../ui/dom';
import { renderMarkdown } from '../ui/markdown';

type Kind = SearchHitDto['kind'];

const PAGE_SIZE = 20;

/** What the page showed last, so coming back to it (or from a cited source) keeps the search. */
const memory: { q: string; kind: string; page: number; detail: { kind: Kind; id: string } | null } =
  { q: '', kind: '', page: 1, detail: null };

/** Makes the next visit to `#/knowledge` open this part or document (the assistant's sources). */
export function showInKnowledge(kind: Kind, id: string): void {
  memory.detail = { kind, id };
}

/**
 * Full-text search over parts and documents (`GET /api/knowledge/search`), and the detail of the
 * hit picked. The service validates the query; the page shows its field errors beside the box and
 * leaves the previous results as they were.
 */
export function renderKnowledge(main: HTMLElement): () => void {
  let live = true;
  let searches = 0;
  let details = 0;

  const input = el('input', {
    type: 'search',
    name: 'q',
    'data-testid': 'knowledge-search-input',
    'aria-label': 'Search parts and documents',
    placeholder: 'e.g. ultrasonic 5V',
    autocomplete: 'off',
  });
  const kind = el(
    'select',
    { name: 'kind', 'aria-label': 'What to search' },
    el('option', { value: '' }, 'All kinds'),
    el('option', { value: 'part' }, 'Parts'),
    el('option', { value: 'document' }, 'Documents'),
  );
  const error = el('span', {
    class: 'error',
    role: 'alert',
    'data-testid': 'knowledge-error',
    'data-error-for': 'q',
  });
  const form = el(
    'form',
    { class: 'search', role: 'search' },
    input,
    kind,
    el('button', { type: 'submit', 'data-testid': 'knowledge-search-submit' }, 'Search'),
    error,
  );
  const total = el('p', { 'data-testid': 'knowledge-total', 'aria-live': 'polite' });
  const results = el('ol', { 'data-testid': 'knowledge-results', class: 'results' });
  const previous = el('button', { type: 'button', class: 'secondary' }, 'Previous');
  const next = el('button', { type: 'button', class: 'secondary' }, 'Next');
  const pager = el('div', { class: 'pager', hidden: '' }, previous, next);
  const detail = el(
    'section',
    { class: 'panel', 'aria-live': 'polite' },
    el('p', { class: 'muted' }, 'Pick a result to see the part or document.'),
  );
  main.append(
    el(
      'div',
      { class: 'knowledge' },
      el(
        'section',
        { class: 'panel' },
        el('h2', {}, 'Knowledge base'),
        form,
        total,
        results,
        pager,
      ),
      detail,
    ),
  );

  const search = (page: number): void => {
    const mine = ++searches;
    error.textContent = '';
    const query = new URLSearchParams({
      q: input.value,
      page: String(page),
      limit: String(PAGE_SIZE),
    });
    if (kind.value) query.set('kind', kind.value);
    // Remembered now, not on the answer: a re-render mid-request (a session refresh) asks again.
    Object.assign(memory, { q: input.value, kind: kind.value, page });
    api<SearchResultDto>('GET', `/api/knowledge/search?${query.toString()}`).then(
      (answer) => {
        if (live && mine === searches) showResults(answer);
      },
      (failure: unknown) => {
        if (live && mine === searches) error.textContent = failureText(failure);
      },
    );
  };

  const showResults = (answer: SearchResultDto): void => {
    const first = (answer.page - 1) * answer.limit;
    total.textContent =
      answer.total === 0
        ? 'No results.'
        : `${answer.total} result${answer.total === 1 ? '' : 's'}` +
          (answer.total > answer.limit
            ? `, ${first + 1}–${first + answer.items.length} shown`
            : '');
    results.replaceChildren(...answer.items.map(resultItem));
    pager.hidden = answer.total <= answer.limit;
    previous.disabled = answer.page <= 1;
    next.disabled = first + answer.items.length >= answer.total;
    previous.onclick = () => search(answer.page - 1);
    next.onclick = () => search(answer.page + 1);
  };

  const resultItem = (hit: SearchHitDto): HTMLElement => {
    const open = el(
      'button',
      { type: 'button', class: 'result' },
      el('span', { class: `badge kind-${hit.kind}` }, hit.kind),
      el('strong', {}, hit.title),
      snippet(hit.snippet),
    );
    const item = el(
      'li',
      { 'data-testid': 'knowledge-result', 'data-kind': hit.kind, 'data-id': hit.id },
      open,
    );
    open.addEventListener('click', () => {
      results.querySelector('[aria-current]')?.removeAttribute('aria-current');
      item.setAttribute('aria-current', 'true');
      showDetail(hit.kind, hit.id);
    });
    return item;
  };

  const showDetail = (which: Kind, id: string): void => {
    const mine = ++details;
    memory.detail = { kind: which, id };
    detail.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
    const path = `/api/knowledge/${which === 'part' ? 'parts' : 'documents'}/${encodeURIComponent(id)}`;
    const loaded =
      which === 'part'
        ? api<PartResponseDto>('GET', path).then(partDetail)
        : api<DocumentResponseDto>('GET', path).then((doc) =>
            documentDetail(doc, (name) => {
              input.value = name;
              kind.value = '';
              search(1);
            }),
          );
    loaded.then(
      (view) => {
        if (live && mine === details) detail.replaceChildren(view);
      },
      (failure: unknown) => {
        if (live && mine === details)
          detail.replaceChildren(el('p', { class: 'error' }, failureText(failure)));
      },
    );
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search(1);
  });

  const wanted = memory.detail;
  if (memory.q) {
    input.value = memory.q;
    kind.value = memory.kind;
    search(memory.page);
  }
  if (wanted) showDetail(wanted.kind, wanted.id);
  input.focus();
  return () => {
    live = false;
  };
}

/**
 * The service's snippet is escaped HTML with only `<mark>` in it (SearchHitDto.snippet). It is read
 * by an inert DOMParser and rebuilt keeping `<mark>` alone, so even a bad snippet shows as text.
 */
function snippet(html: string): HTMLElement {
  const parsed = new DOMParser().parseFromString(html, 'text/html').body;
  return el(
    'span',
    { class: 'snippet' },
    ...Array.from(parsed.childNodes, (node) =>
      node.nodeName === 'MARK' ? el('mark', {}, node.textContent ?? '') : (node.textContent ?? ''),
    ),
  );
}

function partDetail(part: PartResponseDto): HTMLElement {
  const row = (label: string, value: string) =>
    el('div', {}, el('dt', {}, label), el('dd', {}, value));
  const view = el(
    'article',
    { 'data-testid': 'part-detail', class: 'detail' },
    el('h2', {}, part.name),
    el('p', {}, part.description),
    el(
      'dl',
      {},
      row('Category', part.category),
      row('Manufacturer', part.manufacturer ?? '–'),
      row('Supply voltage', voltageRange(part.voltageMin, part.voltageMax)),
      row('Max current', part.currentMax === null ? '–' : `${part.currentMax} A`),
      row('Interface', part.interface ?? '–'),
    ),
    el('h3', {}, 'Pinout'),
    part.pinout.length === 0
      ? el('p', { class: 'muted' }, 'No pinout listed.')
      : table(
          'part-pinout',
          ['Pin', 'Function'],
          part.pinout.map((p) => [p.pin, p.function]),
        ),
  );
  const specs = Object.entries(part.specs);
  if (specs.length > 0)
    view.append(el('h3', {}, 'Specifications'), table('part-specs', ['Spec', 'Value'], specs));
  const datasheet = httpsUrl(part.datasheetUrl);
  if (datasheet)
    view.append(
      el(
        'p',
        {},
        el('a', { href: datasheet, target: '_blank', rel: 'noopener noreferrer' }, 'Datasheet'),
      ),
    );
  return view;
}

function documentDetail(doc: DocumentResponseDto, searchFor: (name: string) => void): HTMLElement {
  const parts = doc.partNames.map((name) => {
    const button = el('button', { type: 'button', class: 'link' }, name);
    button.addEventListener('click', () => searchFor(name));
    return el('li', {}, button);
  });
  return el(
    'article',
    { 'data-testid': 'document-detail', class: 'detail' },
    el('h2', {}, doc.title),
    el('p', {}, el('span', { class: 'badge' }, doc.category)),
    el('p', { class: 'summary' }, doc.summary),
    ...(parts.length > 0
      ? [el('ul', { class: 'tags', 'aria-label': 'Parts used' }, ...parts)]
      : []),
    renderMarkdown(doc.body),
  );
}

function table(testid: string, headings: string[], rows: string[][]): HTMLTableElement {
  return el(
    'table',
    { 'data-testid': testid, class: 'table' },
    el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      ...rows.map(([first, ...rest]) =>
        el('tr', {}, el('th', { scope: 'row' }, first), ...rest.map((cell) => el('td', {}, cell))),
      ),
    ),
  );
}

function voltageRange(min: number | null, max: number | null): string {
  if (min === null && max === null) return '–';
  if (min === null) return `up to ${max} V`;
  if (max === null) return `from ${min} V`;
  return min === max ? `${min} V` : `${min}–${max} V`;
}

/** Only an https link is shown: the service requires it, and the page does not trust that. */
function httpsUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function failureText(failure: unknown): string {
  if (!(failure instanceof ApiError)) return 'Cannot reach the service';
  const details = (failure.body.details ?? []).flatMap((d) => d.messages);
  return details.length > 0 ? details.join('; ') : failure.message;
}
