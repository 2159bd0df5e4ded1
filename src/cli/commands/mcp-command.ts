// `harombe mcp list | import FILE`: the MCP servers harombe.yaml configures, and copying them from other apps' configs.
import type { Command } from 'commander';
import { configPath } from '../../main/config/paths';
import { askServer, findRunningServer } from '../cluster/running-server';
import { importMcpServers, readTextFile, type McpImportDependencies, type McpImportOptions } from '../mcp/import-mcp-servers';
import { askToolsOf, listMcpServers, type McpListDependencies, type McpListOptions } from '../mcp/list-mcp-servers';
import { probeMcpTools } from '../mcp/probe-mcp-tools';
import { withConfigOption, type GlobalOptions } from '../program';

export type McpDependencies = McpImportDependencies & McpListDependencies & { setExitCode: (code: number) => void };

function defaultDependencies(): McpDependencies {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readFile: readTextFile,
    findRunningServer,
    reloadRunningServer: (baseUrl) => askServer(baseUrl, async (client, signal) => void (await client.call('config.reload', { signal }))),
    askTools: askToolsOf,
    probe: probeMcpTools,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerMcpCommand(program: Command, overrides: Partial<McpDependencies> = {}): Command {
  const dependencies = (): McpDependencies => ({ ...defaultDependencies(), ...overrides });
  const mcp = withConfigOption(program.command('mcp').description('the MCP servers whose tools harombe offers (mcp: in harombe.yaml)'));
  withConfigOption(mcp.command('list', { isDefault: true }))
    .description('each MCP server: transport, status (and why it failed), its tools — dangerous ones marked')
    .option('--json', 'print the servers as JSON')
    .action(async (_options: unknown, self: Command) => {
      const run = dependencies();
      const options = self.optsWithGlobals<McpListOptions & GlobalOptions>();
      run.setExitCode(await listMcpServers(configPath(options.config, run.env), options, run));
    });
  withConfigOption(mcp.command('import').argument('<file>', "another app's MCP config: claude_desktop_config.json, .cursor/mcp.json, LM Studio's mcp.json, .vscode/mcp.json"))
    .description("copy MCP servers from another app's config into harombe.yaml (comments kept; secrets never printed)")
    .option('--replace', 'replace servers harombe.yaml already has under the same name (default: skip them)')
    .option('--dry-run', 'print the YAML it would add, and write nothing')
    .option('--rename <old=new>', 'import the server named OLD in the file as NEW (repeatable)', collect)
    .action(async (file: string, _options: unknown, self: Command) => {
      const run = dependencies();
      const options = self.optsWithGlobals<McpImportOptions & GlobalOptions>();
      run.setExitCode(await importMcpServers(file, configPath(options.config, run.env), options, run));
    });
  return mcp;
}
