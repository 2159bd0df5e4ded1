// Writes a changed config back into the user's YAML document, touching only the values that changed, so the file
// keeps its comments, its order and its brevity (defaults the user never wrote stay unwritten).
import type { Document } from 'yaml';
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
  if (after === undefined) document.deleteIn(path);
  else document.setIn(path, after);
}

/** Edits `document` so that the config it describes changes from `before` to `after` (both fully resolved). */
export function applyConfigChanges(document: Document, before: unknown, after: unknown): void {
  apply(document, [], before, after);
}
