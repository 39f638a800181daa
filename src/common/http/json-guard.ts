/**
 * Checks a raw JSON body before JSON.parse sees it: nesting deeper than `maxDepth` is refused (deep
 * documents make the validator recurse until the stack overflows), and so are keys that would
 * reach an object's prototype. One linear pass over the bytes; string contents are skipped.
 */
export function findJsonHazard(buf: Buffer, maxDepth: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return `JSON nesting deeper than ${maxDepth} levels`;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  if (hasForbiddenKey(buf))
    return 'JSON keys "__proto__", "constructor" and "prototype" are not allowed';
  return undefined;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function hasForbiddenKey(buf: Buffer): boolean {
  const text = buf.toString('utf8');
  // `\u` too: an escaped spelling such as "\u005f_proto__" decodes to the same key.
  if (!/__proto__|constructor|prototype|\\u/.test(text)) return false;
  let found = false;
  try {
    JSON.parse(text, (key: string, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) found = true;
      return value;
    });
  } catch {
    return false; // the parser itself reports malformed JSON
  }
  return found;
}
