// harombe.yaml as a yaml Document that remembers where each value came from, so problems can name file:line:column.
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, YAMLParseError } from 'yaml';
import type { Node, Pair, ParsedNode, YAMLMap } from 'yaml';
import type { ConfigProblem, KeyPath } from './config-problem';
import { describeSyntaxErrors, describeSyntaxWarnings } from './yaml-syntax-problems';

export interface Position {
  line: number;
  column: number;
}

/** Where `keyPath` is in the file: its value, or (`key`) the key itself. */
export type Locator = (keyPath: KeyPath, target?: 'value' | 'key') => Position;

export interface ConfigDocument {
  document: Document;
  lineCounter: LineCounter;
  /** YAML syntax errors; the document cannot be trusted when there are any (readablePart() says what still can). */
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
  /** For each of `errors`, the source offsets it damaged. */
  damage: number[][];
}

const NO_POSITION: Position = { line: 0, column: 0 };

/** A parse that keeps comments and source ranges; line and column come from the LineCounter. */
export function parseConfigDocument(text: string, file: string): ConfigDocument {
  const lineCounter = new LineCounter();
  // yaml's own duplicate-key check compares each key with every key before it (100,000 keys took minutes): off, and
  // done here with one set per mapping.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, keepSourceTokens: false });
  addDuplicateKeyErrors(document);
  const source = { text, lineCounter, document };
  const { problems, damage } = describeSyntaxErrors(source, document.errors, file);
  return { document, lineCounter, errors: problems, warnings: describeSyntaxWarnings(source, document.warnings, file), damage };
}

/** The errors yaml's `uniqueKeys` would have raised (at each repeated key), in file order among the others. */
function addDuplicateKeyErrors(document: Document): void {
  const duplicates: YAMLParseError[] = [];
  visit(document, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (seen.has(key.value) && key.range) duplicates.push(new YAMLParseError([key.range[0], key.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        seen.add(key.value);
      }
    },
  });
  if (duplicates.length === 0) return;
  document.errors.push(...duplicates);
  document.errors.sort((first, second) => first.pos[0] - second.pos[0]);
}

/** An empty document for a config file that does not exist yet. */
export function emptyConfigDocument(): ConfigDocument {
  return { document: new Document(), lineCounter: new LineCounter(), errors: [], warnings: [], damage: [] };
}

/**
 * Finds key paths in the document. A value that is present points at itself; a missing key points at the mapping
 * that lacks it; a value added by an edit (never in the file) has no position.
 */
export function createLocator({ document, lineCounter }: Pick<ConfigDocument, 'document' | 'lineCounter'>): Locator {
  const positionOf = (node: unknown): Position | undefined => {
    const range = (node as Partial<ParsedNode> | null)?.range;
    if (!range) return undefined;
    const { line, col } = lineCounter.linePos(range[0]);
    return { line, column: col };
  };
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(document) : node);
  // Each mapping's pairs by key, made on first use: a lookup per problem must not scan the mapping (100,000 unknown
  // keys would be 5 billion comparisons). The first of repeated keys wins, as a scan would find it.
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, segment: string | number): Pair | undefined => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        if (!isScalar(item.key)) continue;
        const name = String(item.key.value);
        if (!index.has(name)) index.set(name, item);
      }
      indexes.set(map, index);
    }
    return index.get(String(segment));
  };

  return (keyPath, target = 'value') => {
    let node: unknown = resolve(document.contents);
    if (keyPath.length === 0) return positionOf(node) ?? (document.contents === null ? { line: 1, column: 1 } : NO_POSITION);
    for (const [index, segment] of keyPath.entries()) {
      const parent = node;
      const isLast = index === keyPath.length - 1;
      if (isMap(parent)) {
        const pair = pairOf(parent, segment);
        if (!pair) return positionOf(parent) ?? NO_POSITION;
        if (isLast && target === 'key') return positionOf(pair.key) ?? NO_POSITION;
        // `{ key }` (a key with no value node at all): point at the key. A block `key:` has an empty value just after
        // its colon, where the value would go, and points there.
        node = pair.value === null ? pair.key : resolve(pair.value);
      } else if (isSeq(parent) && typeof segment === 'number') {
        if (segment >= parent.items.length) return positionOf(parent) ?? NO_POSITION;
        node = resolve(parent.items[segment]);
      } else {
        return positionOf(parent) ?? NO_POSITION;
      }
    }
    return positionOf(node as Node) ?? NO_POSITION;
  };
}
