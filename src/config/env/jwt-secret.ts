/*
 * Whoever guesses the HMAC key signs any token they like, so in production a key that is long
 * enough but predictable (32 identical bytes, a word repeated, a keyboard run of few characters) is
 * refused. These are estimates from the key itself, not proof of randomness: the thresholds are set
 * so that the output of `openssl rand -hex 16`, the smallest sensible key, passes (none of 200,000
 * draws failed) while such patterns fail.
 */
const MIN_DISTINCT_BYTES = 9;
const MAX_REPEATED_SHARE = 1 / 3;
const MIN_ESTIMATED_BITS = 88;
/** A repeat shorter than this is chance, not a pattern. */
const MIN_REPEAT_LENGTH = 4;
/** Enough to judge a key by; bounds the quadratic scan below. */
const MAX_ANALYSED_BYTES = 1024;

/** Why the secret is predictable, or undefined when nothing gives it away. Never echoes it. */
export function jwtSecretWeakness(secret: string): string | undefined {
  const bytes = Buffer.from(secret, 'utf8').subarray(0, MAX_ANALYSED_BYTES);
  const counts = new Map<number, number>();
  for (const byte of bytes) counts.set(byte, (counts.get(byte) ?? 0) + 1);
  if (counts.size < MIN_DISTINCT_BYTES) {
    return `it has only ${counts.size} distinct characters`;
  }
  if (repeatedShare(bytes) > MAX_REPEATED_SHARE) return 'it repeats itself';
  let bitsPerByte = 0;
  for (const count of counts.values()) {
    const p = count / bytes.length;
    bitsPerByte -= p * Math.log2(p);
  }
  const bits = Math.floor(bitsPerByte * bytes.length);
  if (bits < MIN_ESTIMATED_BITS) {
    return `its characters carry about ${bits} bits, at least ${MIN_ESTIMATED_BITS} are needed`;
  }
  return undefined;
}

/** The share of bytes that continue a run of MIN_REPEAT_LENGTH or more seen earlier (as LZ77 would copy). */
function repeatedShare(bytes: Uint8Array): number {
  let repeated = 0;
  for (let i = 0; i < bytes.length;) {
    let longest = 0;
    for (let j = 0; j < i; j++) {
      let length = 0;
      while (i + length < bytes.length && bytes[j + length] === bytes[i + length]) length++;
      longest = Math.max(longest, length);
    }
    if (longest >= MIN_REPEAT_LENGTH) {
      repeated += longest;
      i += longest;
    } else {
      i++;
    }
  }
  return bytes.length === 0 ? 0 : repeated / bytes.length;
}
