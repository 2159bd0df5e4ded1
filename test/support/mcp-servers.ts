// Real MCP servers for tests, run by this Node from node_modules (never npx): server-everything over stdio or streamable
// HTTP (on 127.0.0.1, a free port), server-filesystem, and the misbehaving fixture (test/fixtures/mcp-servers).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { mcpServerConfigSchema, type McpServerConfig } from '../../src/shared';

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export const EVERYTHING_BIN = path('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');
export const FILESYSTEM_BIN = path('../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
export const MISBEHAVING_SERVER = path('../fixtures/mcp-servers/misbehaving-server.mjs');
const LOOPBACK_ONLY = path('../fixtures/mcp-servers/loopback-only.mjs');

/** A stdio server run by this Node: `stdioServer(EVERYTHING_BIN, ['stdio'])`. */
export function stdioServer(script: string, args: string[] = [], extra: Record<string, unknown> = {}): McpServerConfig {
  return mcpServerConfigSchema.parse({ command: process.execPath, args: [script, ...args], ...extra });
}

/** A streamable HTTP server at `url`. */
export function httpServer(url: string, extra: Record<string, unknown> = {}): McpServerConfig {
  return mcpServerConfigSchema.parse({ url, ...extra });
}

export interface HttpMcpServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** server-everything's streamable HTTP server, bound to 127.0.0.1 on a free port (its bin would take every interface). */
export async function startEverythingOverHttp(): Promise<HttpMcpServer> {
  const child = spawn(process.execPath, ['--import', LOOPBACK_ONLY, EVERYTHING_BIN, 'streamableHttp'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let heard = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      heard += chunk;
      const match = /LISTENING (\d+)/.exec(heard);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server-everything (HTTP) exited with ${code}: ${heard}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    process: child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Whether a process with this id still exists (harombe reaps its servers, so a stopped one leaves no zombie either). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
