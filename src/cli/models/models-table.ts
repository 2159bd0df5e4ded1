// `harombe models list` as a table: name, size, parameters, quantization, tool calling, age; ● marks the configured model.
import type { InstalledModel } from '../../shared';
import type { TerminalStyle } from '../chat/terminal-style';
import { formatBytes } from '../../shared/format';

export interface ModelRow extends InstalledModel {
  /** Whether this is the model harombe is configured to use. */
  configured: boolean;
  /** Whether Ollama lists the `tools` capability; undefined when it could not be asked. */
  tools?: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `just now`, `5 minutes ago`, `3 days ago`, `2 months ago`; the ISO date when it cannot be read. */
export function formatAge(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso || '?';
  const elapsed = Math.max(0, now - then);
  const ago = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return ago(Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return ago(Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 30 * DAY) return ago(Math.floor(elapsed / DAY), 'day');
  if (elapsed < 365 * DAY) return ago(Math.floor(elapsed / (30 * DAY)), 'month');
  return ago(Math.floor(elapsed / (365 * DAY)), 'year');
}

function toolsText(tools: boolean | undefined): string {
  return tools === undefined ? '?' : tools ? 'yes' : 'no';
}

/** The table's lines, header first; columns padded to their widest cell (styling is applied after padding). */
export function renderModelsTable(rows: readonly ModelRow[], now: number, style: TerminalStyle): string[] {
  const header = ['NAME', 'SIZE', 'PARAMS', 'QUANT', 'TOOLS', 'MODIFIED'];
  const cells = rows.map((row) => [
    row.name,
    formatBytes(row.size),
    row.parameter_size ?? '-',
    row.quantization ?? '-',
    toolsText(row.tools),
    formatAge(row.modified_at ?? '', now),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const join = (line: string[]) =>
    line
      .map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ');
  const lines = [`  ${style.bold(join(header))}`];
  rows.forEach((row, index) => {
    const text = join(cells[index]!);
    lines.push(row.configured ? `${style.green('●')} ${style.bold(text)}` : `  ${text}`);
  });
  return lines;
}
