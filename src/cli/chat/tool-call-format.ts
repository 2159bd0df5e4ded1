// How tool calls, their results and confirmation questions read in the terminal: short, one glance each.
import type { ConfirmationDecision, ConfirmRequiredEvent } from '../../shared';

/** Arguments as compact JSON (or the raw text the model sent), cut to fit on one line. */
export function formatArguments(args: unknown, maxLength = 120): string {
  const text = typeof args === 'string' ? args : (JSON.stringify(args) ?? '');
  return truncate(text.replace(/\s*\n\s*/g, ' '), maxLength);
}

/** `shell: rm -rf build` — the one argument when there is only one string, else the arguments as JSON. */
export function describeToolCall(name: string, args: unknown): string {
  if (args !== null && typeof args === 'object' && !Array.isArray(args)) {
    const values = Object.values(args);
    if (values.length === 1 && typeof values[0] === 'string') return `${name}: ${truncate(values[0], 200)}`;
  }
  return `${name}: ${formatArguments(args, 200)}`;
}

/** The first lines of a tool's output, and how many more there were. */
export function previewOutput(output: string, maxLines = 4, maxWidth = 160): string[] {
  const lines = output.replace(/\s+$/, '').split('\n');
  if (lines.length === 1 && lines[0] === '') return [];
  const shown = lines.slice(0, maxLines).map((line) => truncate(line.replace(/\r$/, ''), maxWidth));
  const hidden = lines.length - shown.length;
  if (hidden > 0) shown.push(`… ${hidden} more line${hidden === 1 ? '' : 's'}`);
  return shown;
}

/** `Run shell "rm -rf build"? [y/N/a(lways)] ` */
export function confirmationQuestion(event: ConfirmRequiredEvent): string {
  const name = event.tool_call.name;
  const prefix = `${name}: `;
  const what = event.description.startsWith(prefix) ? event.description.slice(prefix.length) : event.description;
  return `Run ${name} "${what}"? [y/N/a(lways)] `;
}

/** y/yes allow this call; a/always allow this tool for the conversation; anything else denies (the safe default). */
export function decisionFromAnswer(answer: string | undefined): ConfirmationDecision {
  const normalized = (answer ?? '').trim().toLowerCase();
  if (normalized === 'y' || normalized === 'yes') return 'allow_once';
  if (normalized === 'a' || normalized === 'always') return 'always_allow';
  return 'deny';
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
