import { el } from './dom';

/**
 * A deliberately tiny Markdown reader for knowledge documents and the assistant's replies:
 * headings, paragraphs, bullet and numbered lists, pipe tables and fenced code. Every piece of text
 * goes in as a text node, so inline marks (`**`, backticks, links) show as typed and nothing can
 * inject markup.
 */
export function renderMarkdown(source: string, className = ''): HTMLElement {
  const root = el('div', { class: `markdown ${className}`.trim() });
  let paragraph: string[] = [];
  let block = null as HTMLElement | null; // the open list or table
  let code = null as string[] | null;

  const close = (): void => {
    if (paragraph.length > 0) root.append(el('p', {}, paragraph.join(' ')));
    paragraph = [];
    block = null;
  };
  const open = (tag: 'ul' | 'ol' | 'table'): HTMLElement => {
    if (block?.tagName.toLowerCase() === tag) return block;
    close();
    block = el(tag, tag === 'table' ? { class: 'table' } : {});
    root.append(block);
    return block;
  };

  for (const line of source.split(/\r?\n/)) {
    const fence = /^\s*```/.test(line);
    if (code) {
      if (fence) {
        root.append(el('pre', {}, code.join('\n')));
        code = null;
      } else code.push(line);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/.exec(line);
    if (fence) {
      close();
      code = [];
    } else if (heading) {
      close();
      // The page has its own h1 and h2: a document's headings start at h3.
      root.append(el(`h${Math.min(heading[1].length + 2, 6)}` as 'h3', {}, heading[2]));
    } else if (item) {
      open(item[1] === undefined ? 'ul' : 'ol').append(el('li', {}, item[2]));
    } else if (/^\s*\|/.test(line)) {
      const cells = line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|');
      if (cells.every((cell) => /^\s*:?-+:?\s*$/.test(cell))) continue; // the header rule
      const table = open('table');
      const tag = table.childElementCount === 0 ? 'th' : 'td';
      table.append(el('tr', {}, ...cells.map((cell) => el(tag, {}, cell.trim()))));
    } else if (line.trim() === '') {
      close();
    } else if (block?.tagName === 'UL' || block?.tagName === 'OL') {
      block.lastElementChild?.append(` ${line.trim()}`); // a list item's continuation
    } else {
      if (block) close();
      paragraph.push(line.trim());
    }
  }
  if (code) root.append(el('pre', {}, code.join('\n')));
  close();
  return root;
}
