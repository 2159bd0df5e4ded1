// `harombe cluster test` as terminal lines: each node, its four checks with ✓/✗, the fix under each failure, a summary.
import type { TerminalStyle } from '../chat/terminal-style';
import type { NodeCheckStatus, NodeTestResult } from '../../shared';

const SYMBOLS: Record<NodeCheckStatus, string> = { pass: '✓', fail: '✗', skip: '-' };

function symbol(status: NodeCheckStatus, style: TerminalStyle): string {
  if (status === 'pass') return style.green(SYMBOLS.pass);
  if (status === 'fail') return style.red(SYMBOLS.fail);
  return style.dim(SYMBOLS.skip);
}

export function renderNodeTests(results: readonly NodeTestResult[], style: TerminalStyle): string[] {
  const lines: string[] = [];
  const width = Math.max(...results.flatMap((result) => result.checks.map((check) => check.name.length)), 0);
  for (const { node, checks } of results) {
    lines.push(`${style.bold(node.name)}  ${style.dim(`tier ${node.tier} · ${node.kind} at ${node.host}:${node.port} · ${node.model}`)}`);
    for (const check of checks) {
      const detail = check.status === 'skip' ? style.dim(check.detail) : check.detail;
      lines.push(`  ${symbol(check.status, style)} ${check.name.padEnd(width)}  ${detail}`);
      if (check.status === 'fail' && check.fix) lines.push(`      ${style.cyan('fix:')} ${check.fix}`);
    }
  }
  lines.push('', summarizeNodeTests(results, style));
  return lines;
}

/** `All 3 nodes passed.` / `1 of 2 nodes passed; dead failed.` */
export function summarizeNodeTests(results: readonly NodeTestResult[], style: TerminalStyle): string {
  const failed = results.filter((result) => result.checks.some((check) => check.status === 'fail')).map((result) => result.node.name);
  const total = results.length;
  const nodes = `node${total === 1 ? '' : 's'}`;
  if (failed.length === 0) return style.green(total === 1 ? 'The node passed.' : `All ${total} ${nodes} passed.`);
  return style.red(`${total - failed.length} of ${total} ${nodes} passed; ${failed.join(', ')} failed.`);
}
