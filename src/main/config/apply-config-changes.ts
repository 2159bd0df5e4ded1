// Writes a changed config back into the user's YAML document, touching only the values that changed, so the file
// keeps its comments, its order and its brevity (defaults the user never wrote stay unwritten).
import { isSeq, type Document } from 'yaml';
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
  if (after === undefined) document.deleteIn(path);
  else document.setIn(path, after);
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
  for (const index of removed.reverse()) document.deleteIn([...path, index]);
  return true;
}

/** Edits `document` so that the config it describes changes from `before` to `after` (both fully resolved). */
export function applyConfigChanges(document: Document, before: unknown, after: unknown): void {
  apply(document, [], before, after);
}
