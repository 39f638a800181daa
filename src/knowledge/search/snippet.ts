/** Both engines mark matches with these; the DTOs refuse control characters in stored text. */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The engine's excerpt as safe HTML: everything escaped, the matches in `<mark>`, Markdown's
 * heading, list, quote and emphasis marks and line breaks flattened, so a client can show it with innerHTML.
 */
export function snippetHtml(raw: string): string {
  return raw
    .replace(/^[ \t]*(?:#{1,6}|>|[-*+]|\d+\.)[ \t]+/gm, '')
    .replace(/\*\*|__|`+|\|/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[&<>"']/g, (c) => ESCAPES[c])
    .replaceAll(MATCH_START, '<mark>')
    .replaceAll(MATCH_END, '</mark>');
}
