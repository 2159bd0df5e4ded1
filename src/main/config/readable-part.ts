// What a config file with YAML errors still says: a copy of it without the entries the errors damaged.
import { isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Pair, YAMLMap } from 'yaml';
import { formatKeyPath } from './config-problem';
import type { ConfigDocument } from './config-document';
import type { ConfigProblem, KeyPath } from './config-problem';

export interface ReadablePart {
  /** A copy of the document without each `key: value` entry a YAML error is in (or, failing that, starts on its line). */
  document: Document;
  /** The YAML errors worth showing: each one that is not an echo of an earlier one. */
  errors: ConfigProblem[];
  /**
   * Whether a problem the schema found in the readable part only echoes a YAML error: it is on a line of a damaged
   * entry or of an error, or it is about a damaged key (a required key that is "missing" because it was taken out).
   */
  isEcho(problem: ConfigProblem): boolean;
}

interface Entry {
  pair: Pair;
  parent: YAMLMap;
  keyPath: KeyPath;
  start: number;
  end: number;
  /** Index of the entry whose value holds this one, or -1. */
  outer: number;
}

/** Every `key: value` of the document in file order, each knowing the one it is inside. */
function entriesOf(document: Document): Entry[] {
  const entries: Entry[] = [];
  const walk = (node: unknown, keyPath: KeyPath, outer: number): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const ranges = [pair.key, pair.value].map((part) => (part as { range?: [number, number, number] } | null)?.range).filter((range) => range !== undefined);
        if (ranges.length === 0) continue;
        const start = Math.min(...ranges.map((range) => range[0]));
        const end = Math.max(...ranges.map((range) => range[1]));
        entries.push({ pair, parent: node, keyPath: [...keyPath, key], start, end, outer });
        walk(pair.value, [...keyPath, key], entries.length - 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...keyPath, index], outer));
    }
  };
  walk(document.contents, [], -1);
  return entries;
}

/** The last entry starting at or before `offset` (entries are in file order, so their starts never decrease). */
function lastStartingBy(entries: readonly Entry[], offset: number): number {
  let low = 0;
  let high = entries.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (entries[middle]!.start <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The innermost entry whose source holds `offset`; else every entry whose key starts on that offset's line. */
function damagedEntries(entries: readonly Entry[], offset: number, lineCounter: LineCounter): number[] {
  for (let index = lastStartingBy(entries, offset); index >= 0; index = entries[index]!.outer) {
    if (offset < entries[index]!.end) return [index];
  }
  const line = lineCounter.linePos(offset).line;
  const lineStart = lineCounter.lineStarts[line - 1] ?? 0;
  const nextLineStart = lineCounter.lineStarts[line] ?? Number.MAX_SAFE_INTEGER;
  const onLine: number[] = [];
  for (let index = lastStartingBy(entries, nextLineStart - 1); index >= 0 && entries[index]!.start >= lineStart; index--) onLine.push(index);
  return onLine;
}

/** `cluster.nodes[0].model` → `cluster.nodes[0]`; `model` → ``. */
function parentPath(keyPath: string): string {
  const cut = keyPath.endsWith(']') ? keyPath.lastIndexOf('[') : keyPath.lastIndexOf('.');
  return cut > 0 ? keyPath.slice(0, cut) : '';
}

/**
 * The part of a parsed config that can still be checked against the schema, and its YAML errors without the ones
 * that only echo an earlier one (yaml often reports one mis-indented line again on each line after it).
 */
export function readablePart(parsed: Pick<ConfigDocument, 'document' | 'lineCounter' | 'errors' | 'damage'>): ReadablePart {
  const { document, lineCounter } = parsed;
  if (parsed.errors.length === 0) return { document, errors: [], isEcho: () => false };
  const readable = document.clone();
  const entries = entriesOf(readable);
  const echoLines = new Set<number>();
  const damagedKeys = new Set<string>();
  const removed = new Set<Pair>();
  // Each mapping that lost an entry, by `path@line:column`: a key "missing" there (reported where the mapping starts)
  // may well be inside the damaged entry.
  const emptiedMappings = new Map<string, YAMLMap>();
  const errors: ConfigProblem[] = [];
  parsed.errors.forEach((error, index) => {
    const damagedAt = parsed.damage[index] ?? [];
    if (damagedAt.length > 0 && echoLines.has(lineCounter.linePos(damagedAt[0]!).line)) return;
    errors.push(error);
    const linesOfThisError: number[] = [];
    for (const offset of damagedAt) {
      linesOfThisError.push(lineCounter.linePos(offset).line);
      for (const found of damagedEntries(entries, offset, lineCounter)) {
        const entry = entries[found]!;
        removed.add(entry.pair);
        damagedKeys.add(formatKeyPath(entry.keyPath));
        const mapping = entry.parent.range && lineCounter.linePos(entry.parent.range[0]);
        if (mapping) emptiedMappings.set(`${formatKeyPath(entry.keyPath.slice(0, -1))}@${mapping.line}:${mapping.col}`, entry.parent);
        const last = lineCounter.linePos(Math.max(entry.start, entry.end - 1)).line;
        for (let line = lineCounter.linePos(entry.start).line; line <= last; line++) linesOfThisError.push(line);
      }
    }
    for (const line of linesOfThisError) echoLines.add(line);
  });
  for (const parent of new Set(entries.filter((entry) => removed.has(entry.pair)).map((entry) => entry.parent))) {
    parent.items = parent.items.filter((pair) => !removed.has(pair));
  }
  // `cluster.nodes[0].model` is damaged when it, `cluster.nodes[0]`, `cluster.nodes` or `cluster` is.
  const isDamagedKey = (keyPath: string): boolean => {
    if (damagedKeys.has(keyPath)) return true;
    for (let index = 0; index < keyPath.length; index++) {
      if ((keyPath[index] === '.' || keyPath[index] === '[') && damagedKeys.has(keyPath.slice(0, index))) return true;
    }
    return false;
  };
  const isMissingFromEmptied = (problem: ConfigProblem): boolean => {
    const parent = parentPath(problem.keyPath);
    const mapping = emptiedMappings.get(`${parent}@${problem.line}:${problem.column}`);
    const key = problem.keyPath.slice(parent.length).replace(/^\./, '');
    return mapping !== undefined && !mapping.items.some((pair) => isScalar(pair.key) && String(pair.key.value) === key);
  };
  return {
    document: readable,
    errors,
    isEcho: (problem) =>
      echoLines.has(problem.line) ||
      (problem.keyPath !== '' && isDamagedKey(problem.keyPath)) ||
      isMissingFromEmptied(problem),
  };
}
