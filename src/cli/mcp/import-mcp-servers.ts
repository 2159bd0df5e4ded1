// `harombe mcp import FILE`: reads another app's MCP server list, says what happens to each server, and writes the ones
// that work into harombe.yaml's mcp: section (comments kept) — or, with --dry-run, prints the YAML it would add.
import { readFile } from 'node:fs/promises';
import { ConfigError, formatConfigProblem } from '../../main/config';
import { createTerminalStyle, colorEnabled } from '../chat/terminal-style';
import { CliError, EXIT_FAILURE, EXIT_OK } from '../cli-error';
import { loadCommandConfig } from '../command-config';
import { asInvoked } from '../invocation';
import { ForeignFileError, readForeignMcpFile } from './foreign-mcp-file';
import { renderImportPlan } from './import-report';
import { planImport, type PlannedServer } from './mcp-import-plan';
import { previewMcpServers, writeMcpServers, type NamedServer } from './write-mcp-servers';

export interface McpImportOptions {
  replace?: boolean;
  dryRun?: boolean;
  /** `OLD=NEW` pairs from --rename. */
  rename?: string[];
}

export interface McpImportDependencies {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  readFile: (path: string) => Promise<string>;
  /** The running harombe's address, to have it read harombe.yaml again; undefined when none runs. */
  findRunningServer: (configPath: string) => Promise<string | undefined>;
  /** Asks the running harombe to read harombe.yaml again and apply it (POST /config/reload). */
  reloadRunningServer: (baseUrl: string) => Promise<void>;
}

export const readTextFile = (path: string): Promise<string> => readFile(path, 'utf8');

function parseRenames(pairs: readonly string[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) {
      throw new CliError(`--rename ${pair}: expected OLD=NEW, the name in the file and the name for harombe.yaml`, EXIT_FAILURE, "For example: --rename 'My Server=my-server'");
    }
    renames.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return renames;
}

async function readSource(file: string, dependencies: McpImportDependencies): Promise<string> {
  try {
    return await dependencies.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliError(`cannot read ${file}: ${reason}`, EXIT_FAILURE, 'Give the path of the other app\'s MCP config (Claude Desktop: claude_desktop_config.json, Cursor: .cursor/mcp.json, VS Code: .vscode/mcp.json).');
  }
}

const wanted = (plan: readonly PlannedServer[]): NamedServer[] =>
  plan.flatMap((planned) => (planned.action === 'add' || planned.action === 'replace' ? [{ name: planned.name, server: planned.server }] : []));

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export async function importMcpServers(file: string, configPath: string, options: McpImportOptions, dependencies: McpImportDependencies): Promise<number> {
  const renames = parseRenames(options.rename ?? []);
  const text = await readSource(file, dependencies);
  let source;
  try {
    source = readForeignMcpFile(text, file);
  } catch (error) {
    if (error instanceof ForeignFileError) throw new CliError(`${error.message}; nothing was imported`, EXIT_FAILURE, error.hint);
    throw error;
  }
  const unknown = [...renames.keys()].filter((name) => !source.servers.some((server) => server.name === name));
  if (unknown.length > 0) {
    throw new CliError(`--rename names a server ${file} does not have: ${unknown.join(', ')}; nothing was imported`, EXIT_FAILURE, `Its servers: ${source.servers.map((server) => server.name).join(', ') || 'none'}.`);
  }
  const { stdout, env } = dependencies;
  const say = (line = '') => stdout.write(`${asInvoked(line, env)}\n`);
  if (source.servers.length === 0) {
    say(`${file} lists no MCP servers ("${source.key}" is empty): nothing to import.`);
    return EXIT_OK;
  }
  const loaded = await loadCommandConfig(configPath, dependencies.stderr);
  const plan = planImport(source, new Set(Object.keys(loaded.config.mcp)), { replace: options.replace === true, renames });
  const style = createTerminalStyle(colorEnabled(stdout, env));
  say(`${file} ("${source.key}", ${plural(source.servers.length, 'server')}):`);
  for (const line of renderImportPlan(plan, style, 'harombe.yaml')) say(line);
  const servers = wanted(plan);
  const refused = plan.filter((planned) => planned.action === 'refuse').length;
  const exitCode = refused > 0 ? EXIT_FAILURE : EXIT_OK;
  say();
  if (servers.length === 0) {
    say(`Nothing written to ${configPath}.`);
    return exitCode;
  }
  if (options.dryRun) {
    say(`Would add to ${configPath} (--dry-run: nothing written):`);
    stdout.write(previewMcpServers(servers));
    return exitCode;
  }
  try {
    await writeMcpServers(configPath, servers);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) dependencies.stderr.write(`${formatConfigProblem(problem)}\n`);
    throw new CliError(`the servers were not written: ${configPath} would not be valid (listed above); nothing was changed`, EXIT_FAILURE, 'Fix the file or the servers, then import again.');
  }
  say(`Wrote ${plural(servers.length, 'server')} to ${configPath} (mcp:).`);
  const running = await dependencies.findRunningServer(configPath);
  if (running) {
    try {
      await dependencies.reloadRunningServer(running);
      say(`The running harombe (${running}) read ${configPath} again: the servers are starting.`);
    } catch (error) {
      say(`The running harombe (${running}) could not apply it: ${error instanceof Error ? error.message : String(error)}`);
      say('Fix that, then restart harombe (`harombe stop`, then `harombe start`) to use the servers.');
    }
  }
  say('`harombe mcp list` shows them and their tools; `harombe doctor` checks that each one starts.');
  return exitCode;
}
