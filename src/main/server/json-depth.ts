// How deeply a JSON text nests, found in one pass over its characters before it is parsed.
// JSON.parse takes any depth, but what then walks the value recursively (JSON.stringify when the /v1 relay forwards
// it, validation) overflows the stack at a few thousand levels: 20 KB of `[` was enough to make every node look down.

/** Far deeper than any real body: a config nests about 5 levels, an OpenAI request with nested tool schemas a few dozen. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The index of the quote that closes the string opened at `start` (the text's length when it never closes). */
function endOfString(text: string, start: number): number {
  let at = text.indexOf('"', start + 1);
  while (at !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}

/**
 * Whether `text` opens more than `limit` arrays and objects inside one another. Brackets inside strings do not count;
 * the text need not be valid JSON (JSON.parse judges that afterwards).
 */
export function exceedsJsonDepth(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = endOfString(text, index);
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && depth > 0) {
      depth -= 1;
    }
  }
  return false;
}
