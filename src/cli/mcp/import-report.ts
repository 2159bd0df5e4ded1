// What `harombe mcp import` says about each server: added, replaced, skipped or refused (with the fix), secrets hidden.
import { REDACTED } from '../../shared';
import type { TerminalStyle } from '../chat/terminal-style';
import type { ImportedServer } from './convert-foreign-server';
import type { PlannedServer } from './mcp-import-plan';

/** `stdio: npx -y pkg · env TOKEN=••••••` / `http: https://… · headers Authorization=••••••`; values never shown. */
export function describeImportedServer(server: ImportedServer): string {
  const secretNames = (label: string, map: Record<string, string> | undefined) =>
    map && Object.keys(map).length > 0 ? [`${label} ${Object.keys(map).map((key) => `${key}=${REDACTED}`).join(' ')}`] : [];
  const parts = server.url
    ? [`http: ${server.url}`, ...secretNames('headers', server.headers)]
    : [`stdio: ${[server.command ?? '', ...(server.args ?? [])].join(' ')}`, ...(server.cwd ? [`cwd ${server.cwd}`] : []), ...secretNames('env', server.env)];
  if (server.enabled === false) parts.push('disabled');
  return parts.join(' · ');
}

/** One or two lines per server, in file order, names aligned. */
export function renderImportPlan(plan: readonly PlannedServer[], style: TerminalStyle, configFile: string): string[] {
  const width = Math.max(0, ...plan.map((planned) => planned.name.length));
  const lines: string[] = [];
  for (const planned of plan) {
    const name = planned.name.padEnd(width);
    const renamed = planned.from === planned.name ? '' : ` (was "${planned.from}")`;
    switch (planned.action) {
      case 'add':
      case 'replace': {
        const mark = planned.action === 'add' ? style.green('+') : style.yellow('~');
        const verb = planned.action === 'replace' ? 'replaces the one in harombe.yaml · ' : '';
        lines.push(`  ${mark} ${name}  ${verb}${describeImportedServer(planned.server)}${renamed}`);
        if (planned.ignored.length > 0) lines.push(`    ${' '.repeat(width)}${style.dim(`ignored (harombe has no such setting): ${planned.ignored.join(', ')}`)}`);
        break;
      }
      case 'skip':
        lines.push(`  ${style.dim('=')} ${name}  ${style.dim(`skipped: ${configFile} already has a server named ${planned.name} (--replace to overwrite it)`)}`);
        break;
      case 'refuse':
        lines.push(`  ${style.red('✗')} ${name}  refused: ${planned.reason}`);
        lines.push(`    ${' '.repeat(width)}fix: ${planned.fix}`);
        break;
    }
  }
  return lines;
}
