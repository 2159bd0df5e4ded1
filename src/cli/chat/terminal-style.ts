// Colors for the terminal, only when the stream is a TTY and NO_COLOR is unset (https://no-color.org).
import { styleText } from 'node:util';

type StyleFormat = Parameters<typeof styleText>[0];

export interface TerminalStyle {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  /** A warning that must not be missed: bold red. */
  alarm(text: string): string;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const noColor = env['NO_COLOR'];
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

export function createTerminalStyle(enabled: boolean): TerminalStyle {
  // validateStream: false — whether to color was decided above, for the stream we actually write to.
  const paint = (format: StyleFormat) => (text: string) =>
    enabled ? styleText(format, text, { validateStream: false }) : text;
  return {
    enabled,
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    green: paint('green'),
    yellow: paint('yellow'),
    cyan: paint('cyan'),
    alarm: paint(['bold', 'red']),
  };
}
