// The built-in tools a config switches on: shell, the file tools (filesystem) and web_search.
import type { ToolsConfig } from '../../shared';
import { listDirectoryTool } from './list-directory-tool';
import { readFileTool } from './read-file-tool';
import type { SpawnProcess } from './run-command';
import type { SandboxDetector } from './sandbox';
import type { FetchFunction } from './search-provider';
import { createShellTool } from './shell-tool';
import type { AnyTool } from './tool';
import { createWebSearchTool } from './web-search-tool';
import { writeFileTool } from './write-file-tool';

export interface BuiltinToolOptions {
  /** Values never handed to shell commands, e.g. server.auth_token. */
  secrets?: readonly string[];
  /** Paths sandboxed shell commands must not see: harombe's home and its config file. */
  hiddenPaths?: readonly string[];
  /** Environment shell commands start from (scrubbed); default: this process's. */
  environment?: NodeJS.ProcessEnv;
  sandboxDetector?: SandboxDetector;
  spawn?: SpawnProcess;
  fetch?: FetchFunction;
  /** DuckDuckGo's results page; tests point it at a local stand-in. */
  duckDuckGoUrl?: string;
}

export function createBuiltinTools(config: ToolsConfig, options: BuiltinToolOptions = {}): AnyTool[] {
  const tools: AnyTool[] = [];
  if (config.shell) {
    tools.push(
      createShellTool({
        timeoutSeconds: config.shell_timeout,
        sandbox: config.sandbox,
        network: config.sandbox_network,
        ...(options.hiddenPaths ? { hiddenPaths: options.hiddenPaths } : {}),
        ...(options.sandboxDetector ? { detector: options.sandboxDetector } : {}),
        ...(options.environment ? { environment: options.environment } : {}),
        ...(options.secrets ? { secrets: options.secrets } : {}),
        ...(options.spawn ? { spawn: options.spawn } : {}),
      }),
    );
  }
  if (config.filesystem) tools.push(readFileTool, writeFileTool, listDirectoryTool);
  if (config.web_search) {
    tools.push(
      createWebSearchTool({
        ...(config.searxng_url ? { searxngUrl: config.searxng_url } : {}),
        ...(options.duckDuckGoUrl ? { duckDuckGoUrl: options.duckDuckGoUrl } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    );
  }
  return tools;
}
