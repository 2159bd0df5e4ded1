// A harombe for the approvals and MCP screens: the Ollama stand-in, server-everything over stdio (its echo forced
// dangerous, so it is asked), an MCP server that fails at start and a disabled one — all on loopback, run by this Node.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';
import { OllamaStandIn } from '../../test/support/ollama-stand-in';
import { startHarombe, type RunningHarombe } from './harombe-server';

const EVERYTHING_BIN = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));
/** A stdio "server" that says why on stderr and exits before answering MCP's initialize. */
const BROKEN_SERVER = "console.error('connecting to the notes database at 127.0.0.1:1 …'); console.error('Error: connect ECONNREFUSED 127.0.0.1:1'); process.exit(1)";

export interface ApprovalsHarness {
  standIn: OllamaStandIn;
  harombe: RunningHarombe;
  /** The API with the local token (to read or remove harombe.yaml's rules as the server sees them). */
  api<T>(path: string, method?: 'GET' | 'DELETE'): Promise<T>;
}

function config(standInUrl: string): string {
  const json = JSON.stringify;
  return [
    'model:',
    '  name: qwen2.5:7b',
    'ollama:',
    `  host: ${standInUrl}`,
    'mcp:',
    '  everything:',
    `    command: ${json(process.execPath)}`,
    `    args: [${json(EVERYTHING_BIN)}, stdio]`,
    '    tools:',
    '      echo:',
    '        dangerous: true',
    '  notes:',
    `    command: ${json(process.execPath)}`,
    `    args: ["-e", ${json(BROKEN_SERVER)}]`,
    '    startup_timeout: 5',
    '  remote:',
    '    url: http://127.0.0.1:9/mcp',
    '    enabled: false',
    '',
  ].join('\n');
}

/** One harombe for the spec file (MCP servers start once), its stand-in's rules cleared before each test. */
export function useApprovalsHarness(): ApprovalsHarness {
  let standIn: OllamaStandIn | undefined;
  let harombe: RunningHarombe | undefined;
  test.beforeAll(async () => {
    standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
    harombe = await startHarombe(config(standIn.url), '  sandbox: none\n  web_search: false\n');
  });
  test.afterAll(async () => {
    await harombe?.stop();
    await standIn?.stop();
  });
  test.beforeEach(() => standIn?.reset());
  const running = () => {
    if (!standIn || !harombe) throw new Error('the approvals harness starts in beforeAll; use it inside a test or hook');
    return { standIn, harombe };
  };
  return {
    get standIn() {
      return running().standIn;
    },
    get harombe() {
      return running().harombe;
    },
    async api<T>(path: string, method: 'GET' | 'DELETE' = 'GET'): Promise<T> {
      const { harombe: server } = running();
      const token = (await readFile(join(server.home, 'local-token'), 'utf8')).trim();
      const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}
