/*
 * What a name may contain and the one spelling of it that is stored and compared. Pure functions,
 * shared by the DTO decorators, the catalogue repository and the migration that backfilled the keys.
 */

// Only space separators are trimmed. Tabs, line breaks and a byte-order mark at either end are
// refused like anywhere else: removing them silently would hide a client's encoding bug.
const EDGE_SPACES = /^\p{Zs}+|\p{Zs}+$/gu;

// In a `u` regex a well-formed surrogate pair is one code point, so this matches lone halves only.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;
// Cf holds the zero-width space and joiners (U+200B-U+200D), the direction marks and bidi
// embeddings, overrides and isolates (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the word
// joiner (U+2060), the byte-order mark (U+FEFF), the soft hyphen and the tag characters: each can
// make two different names look the same, or one name look like another.
const FORMAT = /\p{Cf}/u;
const REPLACEMENT = '\uFFFD';

/** Trimmed of spaces and in NFC: what is stored and returned for a name. */
export function normalizeName(value: string): string {
  return value.normalize('NFC').replace(EDGE_SPACES, '');
}

/**
 * Why `value` is not an acceptable name, as the end of a sentence starting with the field name
 * ("name must not contain ..."), or undefined when it is acceptable.
 */
export function nameProblem(value: string): string | undefined {
  const surrogate = loneSurrogateProblem(value);
  if (surrogate) return surrogate;
  const control = CONTROL.exec(value);
  if (control) {
    return `must not contain control characters or line breaks (found ${describe(control)})`;
  }
  const format = FORMAT.exec(value);
  if (format) {
    return (
      'must not contain invisible formatting characters such as zero-width spaces, joiners or ' +
      `bidirectional controls (found ${describe(format)})`
    );
  }
  const replacement = value.indexOf(REPLACEMENT);
  if (replacement >= 0) {
    return (
      `must not contain U+FFFD, the replacement character (at index ${replacement}): ` +
      'it stands for text that was not valid UTF-8 or UTF-16 when it was sent'
    );
  }
  return undefined;
}

/** Free text (a description) may hold any character, but only as well-formed UTF-16. */
export function loneSurrogateProblem(value: string): string | undefined {
  const match = LONE_SURROGATE.exec(value);
  if (!match) return undefined;
  return (
    `must be well-formed Unicode text: it contains an unpaired surrogate (found ${describe(match)}), ` +
    'which cannot be stored; send UTF-16 surrogates only in pairs'
  );
}

/**
 * The caseless form of a name, which is unique per catalogue: "NAV-Good", "nav-good " and the NFD
 * spelling of a name all share one key. Upper- then lower-casing applies the full case folding
 * ("STRASSE" and "straße" match, so do "ΟΔΟΣ" and "οδοσ"), which lower-casing alone does not.
 */
export function caselessKey(name: string): string {
  return normalizeName(name).toUpperCase().toLowerCase().normalize('NFC');
}

function describe(match: RegExpExecArray): string {
  const codePoint = match[0].codePointAt(0) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} at index ${match.index}`;
}
