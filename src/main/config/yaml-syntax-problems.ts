// YAML syntax errors in words a person understands, each at the line where the mistake most likely is.
import { isSeq, visit } from 'yaml';
import type { Document, LineCounter, YAMLError } from 'yaml';
import type { ConfigProblem } from './config-problem';

export interface SyntaxProblems {
  problems: ConfigProblem[];
  /** For each problem, the source offsets it damaged (where yaml noticed it, where the mistake is), for readablePart(). */
  damage: number[][];
}

interface Mistake {
  /** Where the mistake is (what the problem points at). */
  offset: number;
  message: string;
  /** An offset inside the entry the mistake spoiled, when that is not the entry at `offset`. */
  spoils?: number;
}

interface SourceText {
  text: string;
  lineCounter: LineCounter;
  document: Document;
}

// A line holding a key: its indentation, an optional `- `, the key.
const KEY_LINE = /^( *)(?:- +)?("[^"]*"|'[^']*'|[^\s#:][^#:]*?) *:(?:\s|$)/;

/**
 * Every YAML error of `document` as a problem, one per line of the file (yaml often reports one mistake two or three
 * times at the same spot), with what yaml's own message means for a config file.
 */
export function describeSyntaxErrors(source: SourceText, errors: readonly YAMLError[], file: string): SyntaxProblems {
  const problems: ConfigProblem[] = [];
  const damage: number[][] = [];
  const reportedLines = new Set<number>();
  for (const error of errors) {
    const reportedLine = source.lineCounter.linePos(error.pos[0]).line;
    if (reportedLines.has(reportedLine)) continue;
    reportedLines.add(reportedLine);
    const mistake = locateMistake(source, error);
    damage.push([error.pos[0], mistake.offset, ...(mistake.spoils === undefined ? [] : [mistake.spoils])]);
    const { line, col } = source.lineCounter.linePos(mistake.offset);
    problems.push({ file, line, column: col, keyPath: '', message: mistake.message });
  }
  return { problems, damage };
}

/** yaml's warnings (an unknown tag, a directive it ignores) as problems, where yaml noticed them. */
export function describeSyntaxWarnings(source: SourceText, warnings: readonly YAMLError[], file: string): ConfigProblem[] {
  return warnings.map((warning) => {
    const { line, col } = source.lineCounter.linePos(warning.pos[0]);
    return { file, line, column: col, keyPath: '', message: `YAML: ${plainMessage(warning)}` };
  });
}

function plainMessage(error: YAMLError): string {
  const message = error.message.replace(/ at line \d+, column \d+.*$/s, '');
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function locateMistake(source: SourceText, error: YAMLError): Mistake {
  const { text } = source;
  const offset = error.pos[0];
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return { offset, message: 'tabs are not allowed for indentation; use spaces' };
    case 'DUPLICATE_KEY': {
      const key = /^["']?([^:"'\n]+)/.exec(text.slice(offset))?.[1]?.trim();
      return { offset, message: `duplicate key${key ? ` \`${key}\`` : ''}: each key may appear only once in a mapping` };
    }
    case 'MULTIPLE_DOCS':
      return { offset, message: 'invalid YAML: a config file holds one document; remove the extra `---`' };
    case 'MULTILINE_IMPLICIT_KEY':
      return missingColon(source, offset, 'so YAML read it together with the next line');
    case 'MISSING_CHAR':
      // A line on its own without `:` (a comment or the file's end after it); other missing characters are unclosed ones.
      if (/followed by map values/.test(error.message)) return missingColon(source, offset);
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (/nested mappings/i.test(error.message)) return nestedMapping(source, offset);
      return listAmongKeys(source, offset);
    case 'BAD_INDENT':
      if (/All mapping items must start at the same column/.test(error.message)) return misalignedKey(source, offset, 'key');
      if (/All sequence items must start at the same column/.test(error.message)) return misalignedKey(source, offset, 'item');
      break;
    default:
      break;
  }
  return unclosedOpening(source.document, error) ?? { offset, message: `invalid YAML: ${plainMessage(error)}` };
}

// Lines ------------------------------------------------------------------------------------------------------------

interface Line {
  /** 1-based. */
  number: number;
  start: number;
  text: string;
}

function lineAt(source: SourceText, number: number): Line | undefined {
  const starts = source.lineCounter.lineStarts;
  const start = starts[number - 1];
  if (start === undefined) return undefined;
  const end = starts[number] ?? source.text.length;
  return { number, start, text: source.text.slice(start, end).replace(/\r?\n$/, '') };
}

function isContent(line: Line): boolean {
  return line.text.trim() !== '' && !line.text.trim().startsWith('#');
}

/** The nearest line above or below `from` (not counting it) with something other than a comment on it. */
function nearestContentLine(source: SourceText, from: number, step: 1 | -1): Line | undefined {
  for (let number = from + step; ; number += step) {
    const line = lineAt(source, number);
    if (!line || number < 1) return undefined;
    if (isContent(line)) return line;
  }
}

function lineOf(source: SourceText, offset: number): Line {
  return lineAt(source, source.lineCounter.linePos(offset).line)!;
}

const spaces = (count: number): string => `${count} space${count === 1 ? '' : 's'}`;

function keyOf(line: Line): { indent: number; key: string } | undefined {
  const match = KEY_LINE.exec(line.text);
  return match ? { indent: match[1]!.length, key: match[2]! } : undefined;
}

// Mistakes ---------------------------------------------------------------------------------------------------------

/**
 * `key: value` followed by something yaml must read as a mapping inside that value: either a second `: ` on the same
 * line (`system_prompt: Answer: briefly`) or a line below indented deeper than `key` (a mis-indented key).
 */
function nestedMapping(source: SourceText, offset: number): Mistake {
  const line = lineOf(source, offset);
  const owner = keyOf(line);
  const rest = line.text.slice(offset - line.start);
  if (/:(\s|$)/.test(rest)) {
    const name = owner ? `\`${owner.key}\`` : 'this key';
    return {
      offset,
      // The whole `key: value` entry: yaml read the lines below into the value too, so none of it can be checked.
      spoils: offset - 1,
      message:
        `invalid YAML: the value of ${name} contains \`: \`, which YAML reads as a second key on the same line; ` +
        `put the value in quotes ("…") if the colon is part of it, or put the inner key on a line of its own`,
    };
  }
  const next = nearestContentLine(source, line.number, 1);
  const stray = next ? keyOf(next) : undefined;
  if (!next || !stray || !owner || stray.indent <= owner.indent) {
    // Usually the echo of a mistake above (a `- ` item or key out of line), which has its own problem.
    return { offset, message: 'invalid YAML: the indentation here does not fit the lines above it; check that keys of one mapping line up' };
  }
  const hasValue = rest.trim() !== '';
  return {
    offset: next.start + stray.indent,
    // Just before the value yaml misread: inside the `key: value` entry of the key that owns it.
    spoils: offset - 1,
    message:
      `invalid YAML: \`${stray.key}\` is indented more than \`${owner.key}\` on line ${line.number} (${spaces(stray.indent)}, not ${owner.indent}), ` +
      `so YAML reads it as part of ${hasValue ? `\`${owner.key}\`'s value` : `\`${owner.key}\``}; ` +
      `indent it like \`${owner.key}\`${hasValue ? `, or, if it belongs under \`${owner.key}\`, remove the value after \`${owner.key}:\`` : ''}`,
  };
}

/** A line that is not `key: value`, so yaml joined it with the next one into a key spanning two lines. */
function missingColon(source: SourceText, offset: number, consequence?: string): Mistake {
  const line = lineOf(source, offset);
  const words = line.text.slice(offset - line.start).split('#')[0]!.trim();
  const shown = words.length > 40 ? `${words.slice(0, 40)}…` : words;
  return {
    offset,
    message: `invalid YAML: \`${shown}\` is not a \`key: value\` line (is a \`:\` missing after the key?)${consequence ? `, ${consequence}` : ''}`,
  };
}

/** `- item` among the `key: value` lines of a mapping: often a list item indented differently from the one above. */
function listAmongKeys(source: SourceText, offset: number): Mistake {
  const line = lineOf(source, offset);
  const dash = line.text.indexOf('-');
  const item = dash >= 0 ? previousItemOutOfLine(source, line, dash) : undefined;
  if (item) {
    return {
      offset: line.start + dash,
      message:
        `invalid YAML: this \`- \` item is indented ${spaces(dash)}, but the item on line ${item.line} is indented ${item.indent}; ` +
        'items of one list must start in the same column',
    };
  }
  return {
    offset: dash >= 0 ? line.start + dash : offset,
    message:
      'invalid YAML: a list item (`- …`) among the keys of a mapping; put list items under a key of their own ' +
      '(`key:`, then the `- …` lines indented below it), or write this one as `key: value`',
  };
}

/** The nearest `- ` item above `line`, in the same block, whose dash is in another column than `dash`. */
function previousItemOutOfLine(source: SourceText, line: Line, dash: number): { line: number; indent: number } | undefined {
  for (let above = nearestContentLine(source, line.number, -1); above; above = nearestContentLine(source, above.number, -1)) {
    const indent = above.text.length - above.text.trimStart().length;
    const isItem = above.text.trimStart().startsWith('-');
    if (isItem) return indent === dash ? undefined : { line: above.number, indent };
    // A key left of the dash holds this block: no item above belongs to the same list.
    if (indent < dash) return undefined;
  }
  return undefined;
}

const indentOf = (line: Line): number => line.text.length - line.text.trimStart().length;

/**
 * `line`, or, when it is the rest of a value written over several lines (deeper than `indent`, no key, no `- `), the
 * line of the key that value belongs to: a key out of line is compared with that key, not with its value's last line.
 */
function keyLineOf(source: SourceText, line: Line, indent: number): Line {
  let current: Line | undefined = line;
  while (current && indentOf(current) > indent && !keyOf(current) && !current.text.startsWith('-', indentOf(current))) {
    current = nearestContentLine(source, current.number, -1);
  }
  return current ?? line;
}

/** A key (or list item) that does not line up with the ones above it in the same mapping (or list). */
function misalignedKey(source: SourceText, offset: number, kind: 'key' | 'item'): Mistake {
  const reported = lineOf(source, offset);
  // yaml may point at a comment between the keys; the key it could not place is the next line with content.
  const line = isContent(reported) ? reported : (nearestContentLine(source, reported.number, 1) ?? reported);
  const indent = indentOf(line);
  const at = line.start + indent;
  const above = nearestContentLine(source, line.number, -1);
  const previous = kind === 'key' && above ? keyLineOf(source, above, indent) : above;
  const here = kind === 'key' ? keyOf(line)?.key : undefined;
  const what = here ? `\`${here}\`` : kind === 'key' ? 'this key' : 'this `-` item';
  if (!previous) return { offset: at, message: `invalid YAML: ${what} does not line up with the ${kind}s around it` };
  if (kind === 'item') {
    // The item above, not the keys inside it: `- name: a`, not the `host: h` under it.
    const item = previousItemOutOfLine(source, line, indent);
    if (!item) return { offset: at, message: `invalid YAML: ${what} does not line up with the items around it` };
    return {
      offset: at,
      message:
        `invalid YAML: ${what} is indented ${spaces(indent)}, but the item on line ${item.line} is indented ${item.indent}; ` +
        'items of one list must start in the same column',
    };
  }
  const previousIndent = indentOf(previous);
  if (previousIndent === indent) return keyInLineWith(source, previous, at, what);
  const previousKey = keyOf(previous)?.key;
  return {
    offset: at,
    message:
      `invalid YAML: ${what} is indented ${spaces(indent)}, but ${previousKey ? `\`${previousKey}\`` : 'the key'} on line ${previous.number} ` +
      `is indented ${previousIndent}; keys of one mapping must start in the same column`,
  };
}

/**
 * A key in the same column as the line above that yaml still could not read as the next key of one mapping: the line
 * above is a `- ` item (the key belongs inside it, or is an item of its own), or no `key: value` line at all.
 */
function keyInLineWith(source: SourceText, previous: Line, at: number, what: string): Mistake {
  const indent = indentOf(previous);
  if (previous.text.startsWith('-', indent)) {
    const itemKey = keyOf(previous);
    const inside = itemKey
      ? `indent it like \`${itemKey.key}\` (${spaces(previous.text.indexOf(itemKey.key, indent + 1))}) if it belongs to that item`
      : 'indent it further if it belongs to that item';
    return {
      offset: at,
      message:
        `invalid YAML: ${what} starts in the same column as the \`- \` on line ${previous.number}, where only another \`- \` item can start; ` +
        `${inside}, or begin it with \`- \` to make it an item of its own`,
    };
  }
  if (keyOf(previous)) return { offset: at, message: `invalid YAML: ${what} does not line up with the keys around it` };
  return missingColon(source, previous.start + indent, 'so YAML read it as a value and cannot read the keys below it');
}

/**
 * yaml reports an unclosed quote, [ or { where the file ends; the person needs the line where it was opened.
 * That is the quoted scalar or flow collection whose parsed range ends where the error is.
 */
function unclosedOpening(document: Document, error: YAMLError): Mistake | undefined {
  const isUnclosed = error.code === 'MISSING_CHAR' || (error.code === 'BAD_INDENT' && /end with a [\]}]/.test(error.message));
  if (!isUnclosed) return undefined;
  let found: Mistake | undefined;
  visit(document, {
    Scalar(_key, node) {
      if (node.range?.[1] !== error.pos[0]) return;
      if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
        const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
        found = { offset: node.range[0], message: `invalid YAML: the ${quote}quoted string starting here is never closed (add the closing ${quote})` };
      }
    },
    Collection(_key, node) {
      if (node.range?.[1] !== error.pos[0] || !node.flow) return;
      const [open, close] = isSeq(node) ? ['[', ']'] : ['{', '}'];
      found = { offset: node.range[0], message: `invalid YAML: the ${open} starting here is never closed (add the closing ${close})` };
    },
  });
  return found;
}
