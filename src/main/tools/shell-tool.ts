// shell (dangerous): one command line via /bin/sh -c in the workspace — sandboxed when it can be, time-boxed, output capped.
import { z } from 'zod';
import type { SandboxMode } from '../../shared';
import { formatBytes } from '../../shared/format';
import { DEFAULT_OUTPUT_LIMIT_BYTES } from './output-cap';
import { runCommand } from './run-command';
import type { CommandOutcome, SpawnProcess } from './run-command';
import { bubblewrapArguments, resolveHiddenPaths, WorkspaceHiddenError } from './bubblewrap-confinement';
import { defaultSandboxDetector, SandboxUnavailableError } from './sandbox';
import type { SandboxDetector } from './sandbox';
import { scrubEnvironment } from './scrub-environment';
import { defineTool } from './tool';
import type { Tool } from './tool';

const shellInput = z.object({
  command: z.string().trim().min(1).describe('The command line, run with /bin/sh -c in the workspace folder (e.g. "ls -la" or "git status")'),
});
export type ShellInput = z.infer<typeof shellInput>;

export interface ShellToolOptions {
  /** tools.shell_timeout: seconds before the command and all its children are killed. */
  timeoutSeconds: number;
  /** tools.sandbox. */
  sandbox: SandboxMode;
  /** tools.sandbox_network: sandboxed commands keep the host's network (default: none at all). */
  network?: boolean;
  /** Paths a sandboxed command must not see, even under the workspace: harombe's home (token, config, conversations), the config file. */
  hiddenPaths?: readonly string[];
  detector?: SandboxDetector;
  /** The environment to scrub and pass on (default: this process's). */
  environment?: NodeJS.ProcessEnv;
  /** Values never to hand a command, whatever variable holds them (e.g. server.auth_token). */
  secrets?: readonly string[];
  outputLimitBytes?: number;
  killGraceMs?: number;
  spawn?: SpawnProcess;
}

function describeEnding(outcome: CommandOutcome, timeoutSeconds: number): string {
  if (outcome.stopped === 'timeout') {
    return `[stopped: still running after ${timeoutSeconds} s (tools.shell_timeout), so the command and every process it started were killed]`;
  }
  if (outcome.stopped === 'cancelled') return '[cancelled: the command and every process it started were killed]';
  if (outcome.exitCode === null) return '[killed by a signal]';
  return `[exit code ${outcome.exitCode}]`;
}

export function createShellTool(options: ShellToolOptions): Tool<ShellInput> {
  const detector = options.detector ?? defaultSandboxDetector();
  const outputLimit = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
  return defineTool<ShellInput>({
    name: 'shell',
    description:
      `Run a shell command (/bin/sh -c) in the workspace folder and return its output (stdout and stderr interleaved) and exit code. ` +
      `Not interactive: stdin is empty. Stopped after ${options.timeoutSeconds} s; output over ${formatBytes(outputLimit)} keeps its start and end. ` +
      `Needs the user's approval.`,
    inputSchema: shellInput,
    dangerous: true,
    describe: ({ command }) => command,
    async execute({ command }, { workspace, signal }) {
      let program = '/bin/sh';
      let args = ['-c', command];
      try {
        const status = await detector.detect(options.sandbox, { network: options.network ?? false });
        if (status.mode === 'bwrap') {
          const hidden = await resolveHiddenPaths(options.hiddenPaths ?? []);
          program = status.executable;
          args = bubblewrapArguments({ workspace, hidden, network: options.network ?? false }, command);
        }
      } catch (error) {
        if (error instanceof SandboxUnavailableError || error instanceof WorkspaceHiddenError) return { ok: false, output: `shell refused to run: ${error.message}` };
        throw error;
      }
      const outcome = await runCommand({
        program,
        args,
        cwd: workspace,
        env: scrubEnvironment(options.environment ?? process.env, { secrets: options.secrets ?? [] }),
        timeoutMs: options.timeoutSeconds * 1000,
        signal,
        outputLimitBytes: outputLimit,
        ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
        ...(options.spawn ? { spawn: options.spawn } : {}),
      });
      if (outcome.startError) return { ok: false, output: `shell failed: ${outcome.startError}` };
      const text = outcome.output === '' ? '(no output)' : outcome.output.replace(/\n$/, '');
      return {
        ok: outcome.exitCode === 0 && !outcome.stopped,
        output: `${text}\n${describeEnding(outcome, options.timeoutSeconds)}`,
        // For the audit log: null when the command was stopped (timeout, cancel) rather than ending itself.
        exitCode: outcome.stopped ? null : outcome.exitCode,
      };
    },
  });
}
