import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandPath } from './command-examples';
import { createProgram } from './program';

function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

function everyCommand(command: Command): Command[] {
  return command.commands.flatMap((child) => [child, ...everyCommand(child)]);
}

describe('harombe --help', () => {
  const commands = everyCommand(createProgram()).filter((command) => command.name() !== 'help');

  it('has the seed commands', () => {
    const paths = commands.map(commandPath);
    for (const seed of ['init', 'chat', 'start', 'stop', 'status', 'doctor', 'cluster init', 'cluster status', 'cluster test', 'cluster metrics', 'cluster add', 'cluster remove']) {
      expect(paths).toContain(seed);
    }
  });

  it.each(commands.map((command) => [commandPath(command), command] as const))('`harombe %s --help` shows an example', (_path, command) => {
    expect(helpOf(command)).toMatch(/Examples?:\n\s+harombe /);
  });
});
