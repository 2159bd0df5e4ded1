// The MCP commands against real servers run by this Node from node_modules (never npx): doctor's MCP checks and
// `harombe mcp list` without a running harombe start each server, report it and stop it; the built CLI imports other
// apps' configs and lists what harombe.yaml has.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { askToolsOf, listMcpServers, type McpListDependencies } from '../src/cli/mcp/list-mcp-servers';
import { probeMcpTools } from '../src/cli/mcp/probe-mcp-tools';
import { loadConfig } from '../src/main/config';
import { checkMcpServers } from '../src/main/diagnostics';
import { HarombeRuntime } from '../src/main/runtime';
import { REDACTED } from '../src/shared';
import { EVERYTHING_BIN, MISBEHAVING_SERVER } from './support/mcp-servers';
import { OllamaStandIn } from './support/ollama-stand-in';
import { pointHarombeHomeAt } from './support/run-cli';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');

let folder: string;
let configFile: string;

/** A stdio server that says something secret on stderr and exits, as one with a refused token does. */
const CRASHING = ['-e', "console.error('login with ' + process.env.API_TOKEN + ' refused'); process.exit(3)"];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'harombe-mcp-cli-'));
  configFile = join(folder, 'harombe.yaml');
  await writeFile(
    configFile,
    stringify({
      tools: { workspace: join(folder, 'workspace') },
      mcp: {
        everything: { command: process.execPath, args: [EVERYTHING_BIN, 'stdio'] },
        crashing: { command: process.execPath, args: CRASHING, env: { API_TOKEN: 'tok_cli_secret_9' } },
        missing: { command: join(folder, 'no-such-server') },
        silent: { command: process.execPath, args: [MISBEHAVING_SERVER, 'silent'], startup_timeout: 1 },
        off: { command: process.execPath, args: [EVERYTHING_BIN, 'stdio'], enabled: false },
      },
    }),
  );
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('harombe doctor: the MCP checks', () => {
  it('passes a server that starts and lists its tools, fails the others with the reason, stderr (secrets hidden) and a fix', async () => {
    const { config } = await loadConfig(configFile);
    const checks = await checkMcpServers(config, configFile);
    const byId = Object.fromEntries(checks.map((check) => [check.id, check]));
    expect(checks.map((check) => [check.id, check.status])).toEqual([
      ['mcp:everything', 'pass'],
      ['mcp:crashing', 'fail'],
      ['mcp:missing', 'fail'],
      ['mcp:silent', 'fail'],
      ['mcp:off', 'skip'],
    ]);
    expect(byId['mcp:everything']?.detail).toMatch(/^\d+ tools from /);
    expect(byId['mcp:crashing']?.detail).toContain(`login with ${REDACTED} refused`);
    expect(byId['mcp:crashing']?.fix).toContain('in a terminal to see why it stops');
    expect(byId['mcp:missing']?.fix).toContain('was not found: install it');
    expect(byId['mcp:silent']?.detail).toContain('did not answer within 1 s');
    expect(byId['mcp:silent']?.fix).toContain('raise mcp.silent.startup_timeout');
    expect(JSON.stringify(checks)).not.toContain('tok_cli_secret_9');
  });
});

/** Runs `harombe mcp list` in-process; what it printed. */
async function mcpList(json: boolean, overrides: Partial<McpListDependencies>): Promise<string> {
  let text = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const dependencies: McpListDependencies = { stdout, stderr: stdout, env: {}, findRunningServer: async () => undefined, askTools: askToolsOf, ...overrides };
  expect(await listMcpServers(configFile, { json }, dependencies)).toBe(0);
  return text;
}

describe('harombe mcp list from a running harombe', () => {
  let standIn: OllamaStandIn;
  beforeAll(async () => {
    standIn = await new OllamaStandIn().start();
  });
  afterAll(() => standIn?.stop());

  it('shows what its GET /tools says: each server’s status, why one failed (secrets hidden) and the tools', async () => {
    const home = join(folder, 'running-home');
    const { config } = await loadConfig(configFile);
    await writeFile(configFile.replace('harombe.yaml', 'running.yaml'), stringify({ ...config, model: { name: 'qwen2.5:7b' }, ollama: { host: standIn.url } }));
    const restore = pointHarombeHomeAt(home);
    const quiet = { info: () => {}, warn: () => {}, error: () => {} };
    const runtime = await HarombeRuntime.create({ home, configPath: join(folder, 'running.yaml'), port: 0, logger: quiet, modelServerCheck: { intervalMs: 60_000 } });
    try {
      const { url } = await runtime.start();
      await runtime.mcp.whenSettled();
      // The API itself never carries a secret a server echoed (the settings screen shows what it answers).
      const answer = await askToolsOf(url);
      expect(answer.mcp_servers.find((server) => server.name === 'crashing')?.stderr_tail).toEqual([`login with ${REDACTED} refused`]);
      expect(JSON.stringify(answer)).not.toContain('tok_cli_secret_9');
      const text = await mcpList(false, { findRunningServer: async () => url });
      expect(text).toMatch(/^everything {2}stdio {2}ready {2}\d+ tools {2}/);
      expect(text).toContain('\n    everything__echo\n');
      expect(text).toMatch(/\n {4}everything__gzip-file-as-resource +dangerous \(asks first\)\n/);
      expect(text).toContain(`\n    the MCP server "crashing" stopped (exit code 3): login with ${REDACTED} refused\n`);
      expect(text).toContain('\noff         stdio  disabled  ');
      expect(text).toContain(`Status from the harombe running at ${url}.`);
      expect(text).not.toContain('tok_cli_secret_9');
    } finally {
      await runtime.dispose({ graceDeadlineMs: 0 });
      restore();
    }
  });
});

describe('harombe mcp list without a running harombe', () => {
  it('starts each server to list its tools, dangerous ones marked, and says so', async () => {
    const text = await mcpList(true, { askTools: () => Promise.reject(new Error('no server')), probe: probeMcpTools });
    const list = JSON.parse(text) as { source: string; servers: { name: string; status: string; tools: { name: string; dangerous: boolean }[]; stderr_tail?: string[] }[] };
    expect(list.source).toBe('probe');
    const everything = list.servers.find((server) => server.name === 'everything')!;
    expect(everything.status).toBe('ready');
    expect(everything.tools.map((tool) => tool.name)).toContain('everything__echo');
    // server-everything marks some tools read-only and not others: both kinds are shown for what they are.
    expect(new Set(everything.tools.map((tool) => tool.dangerous))).toEqual(new Set([true, false]));
    expect(list.servers.find((server) => server.name === 'crashing')?.status).toBe('failed');
    expect(list.servers.find((server) => server.name === 'off')?.status).toBe('disabled');
    expect(text).not.toContain('tok_cli_secret_9');
  });
});

describe('the built CLI', () => {
  beforeAll(async () => {
    await run(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  });

  async function harombe(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/harombe.js'), ...args], {
        env: { PATH: process.env['PATH'] ?? '', HOME: folder, HAROMBE_HOME: join(folder, 'home'), NO_COLOR: '1' },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('imports a Claude Desktop config into a new harombe.yaml, previews another, refuses a file that is none, secrets never printed', async () => {
    const target = join(folder, 'imported.yaml');
    const imported = await harombe(['mcp', 'import', join(root, 'test/fixtures/mcp-import/claude_desktop_config.json'), '--config', target]);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toContain(`+ brave-search  stdio: npx -y @modelcontextprotocol/server-brave-search · env BRAVE_API_KEY=${REDACTED}`);
    expect(await readFile(target, 'utf8')).toContain('BRAVE_API_KEY: BSA-claude-secret-1');
    const dryRun = await harombe(['mcp', 'import', join(root, 'test/fixtures/mcp-import/lmstudio-mcp.json'), '--config', target, '--dry-run']);
    expect(dryRun.stdout).toContain(`Authorization: ${REDACTED}`);
    const broken = await harombe(['mcp', 'import', join(root, 'package.json'), '--config', target]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('is not an MCP server list');
    expect(`${imported.stdout}${dryRun.stdout}${broken.stdout}${broken.stderr}`).not.toMatch(/BSA-claude-secret-1|hf_lmstudio_secret_3/);
  });
});
