// Writes a changed config back into the user's YAML document, touching only the values that changed, so the file
// keeps its comments, its order and its brevity (defaults the user never wrote stay unwritten).
import { isMap, isSeq, type Document, type Pair } from 'yaml';
import { isDeepStrictEqual } from 'node:util';

type Path = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function apply(document: Document, path: Path, before: unknown, after: unknown): void {
  if (isDeepStrictEqual(before, after)) return;
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      apply(document, [...path, key], before[key], after[key]);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && applyListChange(document, path, before, after)) return;
  if (after === undefined) deleteWithComment(document, path);
  else document.setIn(path, after);
}

type Commented = { commentBefore?: string | null } | null | undefined;

/**
 * Deletes the entry at `path` and, when it was the first of entries that each have their own comment, its comment
 * too: yaml keeps a first entry's comment on the list or section, where it would go on describing the next entry
 * (`# the laptop` above the GPU box). A comment above a first entry whose neighbour has none may be about the whole
 * list: it stays.
 */
function deleteWithComment(document: Document, path: Path): void {
  // Already gone from the file (a hand edit since harombe read it): yaml would throw on a path through a missing section.
  if (!document.hasIn(path)) return;
  if (path.length === 1) keepFileHeader(document, String(path[0]));
  const parent = path.length > 1 ? document.getIn(path.slice(0, -1), true) : undefined;
  if ((isSeq(parent) || isMap(parent)) && parent.commentBefore) {
    const [first, second] = parent.items as unknown[];
    const isFirst = isMap(parent) ? String((first as Pair<Commented & { value?: unknown }>).key?.value) === String(path.at(-1)) : path.at(-1) === 0;
    const nextComment = isMap(parent) ? (second as Pair<Commented> | undefined)?.key?.commentBefore : (second as Commented)?.commentBefore;
    if (isFirst && nextComment) parent.commentBefore = undefined;
  }
  document.deleteIn(path);
}

/**
 * yaml hangs the file's opening comment on the first key: removing the first section would take the file's header
 * with it. What stands above the last blank line of that comment is the file's; the rest is the section's, kept only
 * when the next section has no comment of its own (then it may be about the file too).
 */
function keepFileHeader(document: Document, key: string): void {
  const map = document.contents;
  if (!isMap(map)) return;
  const [first, second] = map.items as Pair<Commented & { value?: unknown }>[];
  const comment = first?.key?.commentBefore;
  if (!comment || String(first.key?.value) !== key) return;
  const lines = comment.split('\n');
  const blank = lines.lastIndexOf('');
  const header = blank >= 0 ? lines.slice(0, blank).join('\n') : second?.key?.commentBefore ? '' : comment;
  if (header) document.commentBefore = document.commentBefore ? `${document.commentBefore}\n\n${header}` : header;
}

/**
 * A list changed item by item, items appended, or items removed: edited in place so the other items keep their
 * comments (a cluster node added or removed leaves the others' notes alone). Anything else: false.
 */
function applyListChange(document: Document, path: Path, before: unknown[], after: unknown[]): boolean {
  const list = document.getIn(path, true);
  // Only when the file's list is the one `before` describes (not a default the file never wrote).
  if (!isSeq(list) || list.items.length !== before.length) return false;
  if (before.length === after.length) {
    before.forEach((item, index) => apply(document, [...path, index], item, after[index]));
    return true;
  }
  if (after.length > before.length && before.every((item, index) => isDeepStrictEqual(item, after[index]))) {
    for (const item of after.slice(before.length)) document.addIn(path, document.createNode(item));
    return true;
  }
  const removed: number[] = [];
  let kept = 0;
  before.forEach((item, index) => {
    if (kept < after.length && isDeepStrictEqual(item, after[kept])) kept += 1;
    else removed.push(index);
  });
  if (kept !== after.length) return false;
  for (const index of removed.reverse()) deleteWithComment(document, [...path, index]);
  return true;
}

/** Edits `document` so that the config it describes changes from `before` to `after` (both fully resolved). */
export function applyConfigChanges(document: Document, before: unknown, after: unknown): void {
  apply(document, [], before, after);
}
