// What the interactive chat shows first: model, endpoint, workspace, sandbox, and loud warnings when tools run unasked.
import type { Attendance } from '../../main/agent/contracts';
import type { ApprovalModeName } from '../../shared';
import { TRUSTED_WARNING } from './approval-mode-text';
import { asInvoked } from '../invocation';
import type { ChatEngine } from './engine';
import type { TerminalStyle } from './terminal-style';

export interface BannerOptions {
  version: string;
  attendance: Attendance;
  /** --mode, when given. */
  approvalMode?: ApprovalModeName;
  style: TerminalStyle;
}

export function bannerLines(engine: ChatEngine, options: BannerOptions): string[] {
  const { style } = options;
  const row = (label: string, value: string) => `  ${style.dim(label.padEnd(10))} ${value}`;
  const lines = [
    `${style.bold('harombe')} ${style.dim(`v${options.version}`)} — chat`,
    row('model', `${style.bold(engine.model)} ${style.dim(`at ${engine.endpoint}`)}`),
    row('workspace', engine.workspace),
    row('sandbox', engine.sandboxMode),
  ];
  for (const warning of engine.warnings) lines.push(style.yellow(`⚠ ${asInvoked(warning)}`));
  if (!engine.confirmDangerous) {
    lines.push(
      style.alarm('⚠ DANGEROUS TOOLS RUN WITHOUT ASKING: tools.confirm_dangerous is false in your config.'),
      style.alarm('  Shell commands and file changes run as soon as the model asks for them.'),
    );
  } else if (options.attendance === 'allow') {
    lines.push(style.alarm('⚠ --yes: dangerous tools (shell commands, file changes) run without asking.'));
  }
  if (options.approvalMode === 'trusted') lines.push(style.alarm(TRUSTED_WARNING));
  else if (options.approvalMode) lines.push(row('approvals', `${options.approvalMode} mode`));
  lines.push(style.dim('Type /help for commands, /exit to quit. Ctrl-C cancels an answer; Ctrl-C on an empty prompt quits.'));
  return lines;
}
