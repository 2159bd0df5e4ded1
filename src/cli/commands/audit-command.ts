// `harombe audit [--since 1h] [--conversation ID] [--json]`: what the agent's dangerous tool calls were, who let them run.
import type { Command } from 'commander';
import { AUDIT_DEFAULT_LIMIT } from '../../main/audit';
import { configPath, harombeHome } from '../../main/config/paths';
import type { AuditQueryParameters } from '../../shared';
import { parseSince, SINCE_HELP } from '../../shared/audit-since';
import { DEFAULT_WIDTH, renderAuditTable } from '../audit/audit-table';
import { readAudit } from '../audit/read-audit';
import { colorEnabled, createTerminalStyle } from '../chat/terminal-style';
import { CliError, EXIT_OK, EXIT_USAGE } from '../cli-error';
import { findRunningServer } from '../cluster/running-server';
import { withConfigOption, type GlobalOptions } from '../program';

const MAX_LIMIT = 10_000;

export interface AuditDependencies {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  findRunningServer: (configPath: string) => Promise<string | undefined>;
  setExitCode: (code: number) => void;
}

export interface AuditOptions extends GlobalOptions {
  since?: string;
  conversation?: string;
  tool?: string;
  decision?: string;
  limit?: string;
  json?: boolean;
}

function defaultDependencies(): AuditDependencies {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
    findRunningServer,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

export function registerAuditCommand(program: Command, overrides: Partial<AuditDependencies> = {}): Command {
  const command = withConfigOption(program.command('audit'))
    .description('the audit log: dangerous tool calls, their arguments, who allowed or denied them, and how they ended')
    .option('--since <when>', `only calls since then: ${SINCE_HELP}`)
    .option('--conversation <id>', 'only this conversation (its id, or the first 8 characters the table shows)')
    .option('--tool <name>', 'only this tool (shell, write_file, an MCP server__tool …)')
    .option('--decision <decision>', 'only allowed or only denied calls')
    .option('-n, --limit <count>', `the newest this many (default ${AUDIT_DEFAULT_LIMIT})`)
    .option('--json', 'print the entries as the log holds them, one JSON object per line')
    .action(async (_options: unknown, self: Command) => {
      const run = { ...defaultDependencies(), ...overrides };
      run.setExitCode(await showAudit(self.optsWithGlobals<AuditOptions>(), run));
    });
  command.addHelpText(
    'after',
    '\nExamples:\n  harombe audit                       the last 100 calls\n  harombe audit --since 1h\n  harombe audit --conversation 5f2c9a1e --json\n\n' +
      'Reads the running server (GET /audit), or $HAROMBE_HOME/audit.log and its rotated files when none runs.',
  );
  return command;
}

/** The options as GET /audit's query, each checked here so a mistake is a usage error, not a server's 400. */
function queryOf(options: AuditOptions, now: Date): { parameters: AuditQueryParameters; since: Date | undefined } {
  let since: Date | undefined;
  if (options.since !== undefined) {
    since = parseSince(options.since, now);
    if (!since) throw new CliError(`--since ${JSON.stringify(options.since)} names no moment`, EXIT_USAGE, `Give ${SINCE_HELP}.`);
  }
  if (options.decision !== undefined && options.decision !== 'allowed' && options.decision !== 'denied') {
    throw new CliError(`--decision is allowed or denied, not ${JSON.stringify(options.decision)}`, EXIT_USAGE);
  }
  let limit: number | undefined;
  if (options.limit !== undefined) {
    limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new CliError(`--limit is a whole number from 1 to ${MAX_LIMIT}, not ${JSON.stringify(options.limit)}`, EXIT_USAGE);
    }
  }
  const parameters: AuditQueryParameters = {
    ...(options.conversation !== undefined ? { conversation: options.conversation } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.tool !== undefined ? { tool: options.tool } : {}),
    ...(options.decision !== undefined ? { decision: options.decision } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
  return { parameters, since };
}

export async function showAudit(options: AuditOptions, dependencies: AuditDependencies): Promise<number> {
  const { stdout, stderr, env } = dependencies;
  const { parameters, since } = queryOf(options, dependencies.now());
  const read = await readAudit(configPath(options.config, env), parameters, since, {
    findRunningServer: dependencies.findRunningServer,
    home: harombeHome(env),
    note: (message) => stderr.write(`${message}\n`),
  });
  if (read.skipped > 0) {
    stderr.write(`${read.skipped} line${read.skipped === 1 ? '' : 's'} of the audit log could not be read (cut short by a crash, or edited by hand) and ${read.skipped === 1 ? 'was' : 'were'} left out.\n`);
  }
  if (options.json) {
    for (const entry of read.entries) stdout.write(`${JSON.stringify(entry)}\n`);
    return EXIT_OK;
  }
  if (read.entries.length === 0) {
    const filtered = Object.keys(parameters).some((key) => key !== 'limit');
    stdout.write(filtered ? `No tool call in the audit log matches (${read.source}).\n` : `The audit log is empty: no dangerous tool call has been settled yet (${read.source}).\n`);
    return EXIT_OK;
  }
  const style = createTerminalStyle(colorEnabled(stdout, env));
  const width = stdout.isTTY && stdout.columns ? stdout.columns : DEFAULT_WIDTH;
  for (const line of renderAuditTable(read.entries, style, width)) stdout.write(`${line}\n`);
  return EXIT_OK;
}
