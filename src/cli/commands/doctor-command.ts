// `harombe doctor`: checks Node, the config, Ollama and the model, the server port, the sandbox and every cluster node.
import type { Command } from 'commander';
import { configPath } from '../../main/config/paths';
import { allPassed, probeConfiguredMcpServers, runDiagnostics, type DiagnosticCheck, type DiagnosticsOptions, type DoctorReport } from '../../main/diagnostics';
import { colorEnabled, createTerminalStyle } from '../chat/terminal-style';
import { EXIT_FAILURE, EXIT_OK } from '../cli-error';
import { findRunningServer } from '../cluster/running-server';
import { renderChecks, summarizeChecks } from '../doctor/render-checks';
import { askToolsOf } from '../mcp/list-mcp-servers';
import { mcpStatusesPreferringRunning } from '../mcp/running-mcp-statuses';
import { withConfigOption, type GlobalOptions } from '../program';

export interface DoctorOptions extends GlobalOptions {
  json?: boolean;
}

export interface DoctorDependencies {
  diagnose: (options: DiagnosticsOptions) => Promise<DiagnosticCheck[]>;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  setExitCode: (code: number) => void;
}

export function registerDoctorCommand(program: Command, overrides: Partial<DoctorDependencies> = {}): Command {
  const command = program
    .command('doctor')
    .description('check that everything harombe needs is in place, and say how to fix what is not')
    .option('--json', 'print the checks as JSON ({ ok, checks: [{ id, name, status, detail, problems?, fix? }] })')
    .addHelpText('after', '\nChecks: Node.js, the config file, Ollama, the model (pulled, tool calling), the server port,\nthe sandbox, every cluster node and every MCP server. Exit code 0 when nothing failed (warnings are fine), 1 otherwise.');
  withConfigOption(command);
  command.action(async (_options: unknown, self: Command) => {
    const dependencies: DoctorDependencies = {
      // A running harombe's MCP servers are asked about, not started a second time beside it.
      diagnose: (options) => runDiagnostics({ mcpProbe: mcpStatusesPreferringRunning({ findRunningServer, askTools: askToolsOf, probe: probeConfiguredMcpServers }), ...options }),
      stdout: process.stdout,
      env: process.env,
      setExitCode: (code) => {
        process.exitCode = code;
      },
      ...overrides,
    };
    dependencies.setExitCode(await runDoctor(self.optsWithGlobals<DoctorOptions>(), dependencies));
  });
  return command;
}

export async function runDoctor(options: DoctorOptions, dependencies: DoctorDependencies): Promise<number> {
  const checks = await dependencies.diagnose({ configPath: configPath(options.config, dependencies.env) });
  const ok = allPassed(checks);
  if (options.json) {
    const report: DoctorReport = { ok, checks };
    dependencies.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const style = createTerminalStyle(colorEnabled(dependencies.stdout, dependencies.env));
    const lines = [...renderChecks(checks, style), '', summarizeChecks(checks, style)];
    dependencies.stdout.write(`${lines.join('\n')}\n`);
  }
  return ok ? EXIT_OK : EXIT_FAILURE;
}
