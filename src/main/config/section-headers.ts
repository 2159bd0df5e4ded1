// Keeps the comment above a top-level section (`# The HTTP API…` over `server:`) above that section when the file is
// written back: yaml reads it as the trailing comment of the section before, and would print it indented inside that one.
import { isMap, isSeq, type Document } from 'yaml';

interface Commented {
  comment?: string | null;
}

/** The `#` lines at column 0 right above `line` (blank lines between them allowed), as yaml keeps comment text. */
function headerAbove(lines: readonly string[], line: number): string | undefined {
  let start = line;
  while (start > 0 && (lines[start - 1]!.startsWith('#') || lines[start - 1]!.trim() === '')) start--;
  while (start < line && lines[start]!.trim() === '') start++;
  if (start === line) return undefined;
  return lines
    .slice(start, line)
    .map((text) => (text.trim() === '' ? '' : text.slice(1)))
    .join('\n')
    .replace(/\n+$/, '');
}

/**
 * Takes `header` off the end of `owner`'s trailing comment and returns it as yaml keeps it; undefined when it is not
 * there (nothing is changed then). Compared line by line: yaml keeps a CRLF file's `\r` in comments and reads a bare
 * `#` as a space.
 */
function takeTrailing(owner: Commented | null | undefined, header: string): string | undefined {
  const comment = owner?.comment;
  if (!owner || typeof comment !== 'string') return undefined;
  const commentLines = comment.split(/\r?\n/);
  // Blank lines between the header and its section end the comment; they stay with the header.
  let end = commentLines.length;
  while (end > 0 && commentLines[end - 1] === '') end--;
  const headerLines = header.split('\n');
  const rest = end - headerLines.length;
  if (rest < 0 || headerLines.some((line, index) => line.trim() !== commentLines[rest + index]!.trim())) return undefined;
  const kept = commentLines.slice(0, rest);
  while (kept.at(-1) === '') kept.pop();
  owner.comment = kept.join('\n') || null;
  return commentLines.slice(rest).join('\n');
}

/**
 * takeTrailing on a section's value or, going down through the last entry of each mapping or list in it, the deepest
 * node yaml gave the comment to: after a list of approval rules or cluster nodes it is the last item's mapping.
 */
function takeTrailingIn(section: unknown, header: string): string | undefined {
  for (let node = section; node; node = isMap(node) ? node.items.at(-1)?.value : isSeq(node) ? node.items.at(-1) : undefined) {
    const taken = takeTrailing(node as Commented, header);
    if (taken !== undefined) return taken;
  }
  return undefined;
}

/** The 0-based line of an offset in `text`, by binary search over the line starts (a file may have many sections). */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
}

/** Call on a freshly parsed `document` of `text`, before it is edited and written. */
export function keepSectionHeaders(document: Document, text: string): void {
  const contents = document.contents;
  if (!isMap(contents)) return;
  const lines = text.split(/\r?\n/);
  const lineOf = lineFinder(text);
  contents.items.forEach((pair, index) => {
    if (index === 0) return;
    const key = pair.key as (Commented & { range?: [number, number, number]; commentBefore?: string | null; spaceBefore?: boolean }) | null;
    if (!key?.range) return;
    const header = headerAbove(lines, lineOf(key.range[0]));
    if (header === undefined || key.commentBefore) return;
    const taken = takeTrailingIn(contents.items[index - 1]!.value, header);
    if (taken === undefined) return;
    key.commentBefore = taken;
    key.spaceBefore = true;
  });
  // The file's last lines (`# More machines: …` after the last section) belong to the file, not to that section.
  const last = contents.items.at(-1);
  const tail = headerAbove(lines, lines.length - (lines.at(-1) === '' ? 1 : 0));
  if (!last || tail === undefined || document.comment) return;
  const taken = takeTrailingIn(last.value, tail);
  if (taken !== undefined) document.comment = taken;
}
