// `harombe audit` as a table: time, conversation, tool, arguments on one line, decision, who decided, exit code, duration.
import type { AuditEntry } from '../../shared';
import type { TerminalStyle } from '../chat/terminal-style';
import { argumentsText, decidedByText, durationText, exitText, timeText } from './audit-cells';

/** The table shows this much of a conversation id; `--conversation` takes it back. */
export const SHORT_ID_LENGTH = 8;
/** Without a terminal to measure (a pipe, a file), lines are kept to this width. */
export const DEFAULT_WIDTH = 160;
const MIN_ARGUMENTS_WIDTH = 20;
const MAX_DECIDER_WIDTH = 32;
const HEADER = ['TIME', 'CONVERSATION', 'TOOL', 'ARGUMENTS', 'DECISION', 'DECIDED BY', 'EXIT', 'TOOK'];
const ARGUMENTS = 3;
const DECISION = 4;
const GAP = '  ';

function cut(text: string, width: number): string {
  const characters = [...text];
  return characters.length <= width ? text : `${characters.slice(0, Math.max(1, width - 1)).join('')}…`;
}

const widthOf = (text: string): number => [...text].length;

/** The table's lines, header first; the arguments take the width the other columns leave. */
export function renderAuditTable(entries: readonly AuditEntry[], style: TerminalStyle, width: number = DEFAULT_WIDTH): string[] {
  const rows = entries.map((entry) => [
    timeText(entry.time),
    entry.conversation_id.slice(0, SHORT_ID_LENGTH),
    entry.tool,
    argumentsText(entry),
    entry.decision,
    cut(decidedByText(entry.decided_by), MAX_DECIDER_WIDTH),
    exitText(entry),
    durationText(entry),
  ]);
  const widths = HEADER.map((title, column) => Math.max(widthOf(title), ...rows.map((row) => widthOf(row[column]!))));
  const others = widths.reduce((sum, value, column) => (column === ARGUMENTS ? sum : sum + value), 0) + GAP.length * (HEADER.length - 1);
  widths[ARGUMENTS] = Math.max(MIN_ARGUMENTS_WIDTH, Math.min(widths[ARGUMENTS]!, width - others));
  const line = (cells: string[], paint: (cell: string, column: number) => string) =>
    cells
      .map((cell, column) => {
        const fitted = column === ARGUMENTS ? cut(cell, widths[column]!) : cell;
        const padded = column === cells.length - 1 ? fitted : fitted + ' '.repeat(Math.max(0, widths[column]! - widthOf(fitted)));
        return paint(padded, column);
      })
      .join(GAP)
      .trimEnd();
  const decisionColor = (cell: string) => (cell.startsWith('denied') ? style.red(cell) : style.green(cell));
  return [
    line(HEADER, (cell) => style.bold(cell)),
    ...rows.map((row) => line(row, (cell, column) => (column === DECISION ? decisionColor(cell) : column === 0 ? style.dim(cell) : cell))),
  ];
}
