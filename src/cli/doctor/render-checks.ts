// Doctor's checks as terminal lines: a symbol, the check, what was found; problems and the fix indented beneath.
import type { CheckStatus, DiagnosticCheck } from '../../main/diagnostics';
import type { TerminalStyle } from '../chat/terminal-style';
import { asInvoked } from '../invocation';

export const STATUS_SYMBOLS: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

function paintSymbol(status: CheckStatus, style: TerminalStyle): string {
  const symbol = STATUS_SYMBOLS[status];
  switch (status) {
    case 'pass':
      return style.green(symbol);
    case 'warn':
      return style.yellow(symbol);
    case 'fail':
      return style.red(symbol);
    case 'skip':
      return style.dim(symbol);
  }
}

/** One line per check; for each one that did not pass, its problems and then its fix on the next lines. */
export function renderChecks(checks: readonly DiagnosticCheck[], style: TerminalStyle): string[] {
  const lines: string[] = [];
  for (const check of checks) {
    const detail = check.status === 'skip' ? style.dim(check.detail) : check.detail;
    lines.push(`${paintSymbol(check.status, style)} ${style.bold(check.name)}: ${detail}`);
    for (const problem of check.problems ?? []) lines.push(`    ${problem}`);
    if (check.fix && check.status !== 'pass') lines.push(`    ${style.cyan('fix:')} ${asInvoked(check.fix)}`);
  }
  return lines;
}

function count(number: number, word: string): string {
  return `${number} ${word}${number === 1 ? '' : 's'}`;
}

/** `All checks passed.` / `2 checks failed, 1 warning.` */
export function summarizeChecks(checks: readonly DiagnosticCheck[], style: TerminalStyle): string {
  const failures = checks.filter((check) => check.status === 'fail').length;
  const warnings = checks.filter((check) => check.status === 'warn').length;
  if (failures === 0 && warnings === 0) return style.green('All checks passed.');
  if (failures === 0) return style.yellow(`No failures; ${count(warnings, 'warning')}.`);
  const failedText = `${count(failures, 'check')} failed`;
  return style.red(warnings > 0 ? `${failedText}, ${count(warnings, 'warning')}.` : `${failedText}.`);
}
