/** More words than this say nothing more about what is wanted, and each one costs a lookup. */
export const MAX_SEARCH_TERMS = 16;
const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * The words of a search box entry. Nothing in it is syntax: operators of either engine (`"`, `*`,
 * `NEAR`, `OR`, `-`, `:`, parentheses) are just characters, and a term with no letter or digit in it
 * is dropped, because neither engine can match it.
 */
export function searchTerms(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/\s+/u)
    .filter((term) => WORDLIKE.test(term))
    .slice(0, MAX_SEARCH_TERMS);
}

/**
 * An FTS5 query that matches rows holding every term (or any, joined by OR): each term is an FTS5 string (double quotes
 * doubled inside), so the tokenizer splits it like the indexed text ("HC-SR04" is the phrase
 * "hc sr04") and no character of it is read as an operator.
 */
export function fts5Query(terms: readonly string[], match: 'all' | 'any'): string {
  return terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(match === 'all' ? ' ' : ' OR ');
}

/** Words a question is made of that say nothing about its subject (neither engine drops all of them). */
const QUESTION_WORDS = new Set(
  (
    'a an and are as at be but by can could did do does doing for from get gets getting had has have ' +
    'how i if in is it its me my no not of on or our should so than that the their them then there ' +
    'these this to up was we were what when where which who why will with would you your'
  ).split(' '),
);

export function withoutQuestionWords(terms: readonly string[]): string[] {
  return terms.filter(
    (term) => !QUESTION_WORDS.has(term.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')),
  );
}
