// Builds the `harombe` command tree. Each command lives in src/cli/commands and registers itself here.
import { Command } from 'commander';
import { addCommandExamples } from './command-examples';
import { asInvoked } from './invocation';
import { registerApprovalsCommand } from './commands/approvals-command';
import { registerAuditCommand } from './commands/audit-command';
import { registerChatCommand } from './commands/chat-command';
import { registerClusterCommand } from './commands/cluster-command';
import { registerConfigCommand } from './commands/config-command';
import { registerInitCommand } from './commands/init-command';
import { registerDoctorCommand } from './commands/doctor-command';
import { registerMcpCommand } from './commands/mcp-command';
import { registerModelsCommand } from './commands/models-command';
import { registerServerCommands } from './commands/server-commands';

export const VERSION = __HAROMBE_VERSION__;

export interface GlobalOptions {
  config?: string;
}

/** Adds `-c, --config FILE` to a command (every command takes it). */
export function withConfigOption(command: Command): Command {
  return command.option('-c, --config <file>', 'use this config file instead of ~/.harombe/harombe.yaml');
}

export function createProgram(): Command {
  const program = new Command('harombe')
    .description('Declarative, self-hosted AI assistant: one YAML file, your machines, a tool-using assistant.')
    .version(VERSION, '-V, --version', 'print the harombe version')
    .showHelpAfterError(asInvoked('(run `harombe --help` for usage)'))
    // Before any subcommand is added, so every command inherits it: usage errors become exit code 2 in index.ts.
    .exitOverride()
    .addHelpText('after', '\nExamples:\n  harombe init          detect this machine and write ~/.harombe/harombe.yaml\n  harombe chat          talk to the assistant in the terminal\n  harombe start         run the API server (http://127.0.0.1:8000)');
  withConfigOption(program);
  program
    .command('version')
    .description('print the harombe version')
    .action(() => {
      console.log(VERSION);
    });
  registerConfigCommand(program);
  registerInitCommand(program);
  registerChatCommand(program);
  registerDoctorCommand(program);
  registerModelsCommand(program);
  registerMcpCommand(program);
  registerServerCommands(program);
  registerClusterCommand(program);
  registerAuditCommand(program);
  registerApprovalsCommand(program);
  addCommandExamples(program);
  return program;
}
