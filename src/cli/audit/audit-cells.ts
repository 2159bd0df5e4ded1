// What one audit entry says in a table cell: the call's arguments on one line, who decided in words, how it ended.
import type { AuditDecider, AuditEntry } from '../../shared';
import { formatDuration } from '../../shared/format';
import { stripControlCharacters } from '../chat/safe-text';

const SURFACE: Record<string, string> = { cli: 'CLI', window: 'window', api: 'API' };

/** Model-chosen text on one line: newlines shown as ⏎, escape sequences and other control characters dropped. */
function oneLine(text: string): string {
  return stripControlCharacters(text.replace(/\r?\n/g, ' ⏎ ').replace(/\t/g, ' ')).trim();
}

/**
 * The arguments as a person reads them: a shell call's command, a file tool's path (and what it writes), else compact
 * JSON (an MCP tool's arguments).
 */
export function argumentsText(entry: AuditEntry): string {
  const args = entry.arguments;
  if (args && typeof args === 'object' && !Array.isArray(args)) {
    const record = args as Record<string, unknown>;
    if (entry.tool === 'shell' && typeof record['command'] === 'string') return oneLine(record['command']);
    if (typeof record['path'] === 'string' && Object.keys(record).every((key) => ['path', 'content', 'append'].includes(key))) {
      const content = typeof record['content'] === 'string' ? ` (${record['append'] === true ? 'append ' : ''}${record['content'].length} chars)` : '';
      return oneLine(`${record['path']}${content}`);
    }
  }
  return oneLine(JSON.stringify(args) ?? '');
}

export function decidedByText(decider: AuditDecider): string {
  switch (decider.kind) {
    case 'person':
      return decider.surface ? `person (${SURFACE[decider.surface] ?? decider.surface})` : 'person';
    case 'rule':
      // `tools.approvals[3] (shell \`git status\`: allow)`: the id names the rule; --json has the rest.
      return decider.rule ? `rule ${oneLine(decider.rule).replace(/ \(.*$/, '')}` : 'a rule';
    case 'always_allow':
      // `always allow in this conversation: shell \`git status\``: what was allowed is the part worth the width.
      return decider.rule ? `always allow: ${oneLine(decider.rule).replace(/^always allow[^:]*: /, '')}` : 'always allow';
    case 'mode':
      return decider.mode ? `mode ${decider.mode}` : 'the mode';
    case 'config':
      return 'confirm_dangerous: false';
    case 'timeout':
      return 'nobody (timed out)';
    case 'cancelled':
      return 'cancelled';
    case 'unattended':
      return 'nobody could be asked';
  }
}

/** The shell's exit code; `ok`/`failed` for a tool without one; `-` when it did not run. */
export function exitText(entry: AuditEntry): string {
  if (entry.exit_code !== undefined && entry.exit_code !== null) return String(entry.exit_code);
  if (entry.ok === undefined) return '-';
  return entry.ok ? 'ok' : 'failed';
}

export function durationText(entry: AuditEntry): string {
  return entry.duration_ms === undefined ? '-' : formatDuration(entry.duration_ms);
}

/** `2026-12-02 09:14:03` in the machine's time zone. */
export function timeText(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}
