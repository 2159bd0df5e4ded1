import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { REDACTED, type ToolsResponse } from '../../shared';
import { listMcpServers, type McpListDependencies, type McpProbe } from './list-mcp-servers';

const CONFIG = `mcp:
  files:
    command: npx
    args: [-y, "@modelcontextprotocol/server-filesystem", /srv/notes]
  github:
    command: npx
    args: [-y, "@modelcontextprotocol/server-github"]
    env: { GITHUB_PERSONAL_ACCESS_TOKEN: ghp_list_secret }
  remote:
    url: https://mcp.example.com/mcp
    headers: { Authorization: Bearer remote_list_secret }
    enabled: false
`;

const ANSWER: ToolsResponse = {
  tools: [
    { name: 'shell', description: 'runs a command', dangerous: true },
    { name: 'files__read_text_file', description: 'reads', dangerous: false, server: 'files' },
    { name: 'files__write_file', description: 'writes', dangerous: true, server: 'files' },
  ],
  mcp_servers: [
    { name: 'files', transport: 'stdio', enabled: true, status: 'ready', stderr_tail: ['Secure MCP Filesystem Server running on stdio'], tools: ['files__read_text_file', 'files__write_file'] },
    {
      name: 'github',
      transport: 'stdio',
      enabled: true,
      status: 'failed',
      reason: 'the MCP server "github" exited with code 1 before listing its tools',
      stderr_tail: ['Using token ghp_list_secret', 'Error: Bad credentials'],
      tools: [],
    },
    { name: 'remote', transport: 'http', enabled: false, status: 'disabled', tools: [] },
  ],
  confirm_dangerous: true,
  sandbox: { mode: 'auto', active: 'none' },
} as ToolsResponse;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let configFile: string;
let stdout: Capture;
const asked: string[] = [];

function dependencies(overrides: Partial<McpListDependencies> = {}): McpListDependencies {
  return {
    stdout,
    stderr: new Capture(),
    env: { NO_COLOR: '1' },
    findRunningServer: async () => 'http://127.0.0.1:8123',
    askTools: async (url) => {
      asked.push(url);
      return ANSWER;
    },
    ...overrides,
  };
}

beforeEach(async () => {
  configFile = join(await mkdtemp(join(tmpdir(), 'harombe-mcp-list-')), 'harombe.yaml');
  await writeFile(configFile, CONFIG);
  stdout = new Capture();
  asked.length = 0;
});

describe('harombe mcp list from a running harombe', () => {
  it('shows each server’s transport and status, why one failed with its stderr tail, and its tools with dangerous ones marked', async () => {
    expect(await listMcpServers(configFile, {}, dependencies())).toBe(0);
    expect(asked).toEqual(['http://127.0.0.1:8123']);
    const lines = stdout.text.split('\n');
    expect(lines[0]).toBe('files   stdio  ready  2 tools  npx -y @modelcontextprotocol/server-filesystem /srv/notes');
    expect(lines[1]).toBe('    files__read_text_file');
    expect(lines[2]).toBe('    files__write_file      dangerous (asks first)');
    expect(lines[3]).toBe('github  stdio  failed  npx -y @modelcontextprotocol/server-github');
    expect(lines[4]).toBe('    the MCP server "github" exited with code 1 before listing its tools');
    expect(lines.slice(5, 8)).toEqual(['    stderr (last lines):', `      Using token ${REDACTED}`, '      Error: Bad credentials']);
    expect(lines[8]).toBe('remote  http   disabled  https://mcp.example.com/mcp');
    expect(stdout.text).toContain('Status from the harombe running at http://127.0.0.1:8123.');
    expect(stdout.text).not.toMatch(/ghp_list_secret|remote_list_secret/);
    expect(stdout.text).not.toContain('Secure MCP Filesystem Server running');
    expect(lines.filter((line) => line.endsWith(' '))).toEqual([]);
  });

  it('--json carries the same, secrets hidden', async () => {
    await listMcpServers(configFile, { json: true }, dependencies());
    const list = JSON.parse(stdout.text) as { source: string; servers: { name: string; status?: string; tools: { name: string; dangerous: boolean }[]; stderr_tail?: string[] }[] };
    expect(list.source).toBe('server');
    expect(list.servers.map((server) => [server.name, server.status])).toEqual([
      ['files', 'ready'],
      ['github', 'failed'],
      ['remote', 'disabled'],
    ]);
    expect(list.servers[0]?.tools).toEqual([
      { name: 'files__read_text_file', dangerous: false },
      { name: 'files__write_file', dangerous: true },
    ]);
    expect(stdout.text).not.toMatch(/ghp_list_secret|remote_list_secret/);
  });
});

describe('harombe mcp list without a running harombe', () => {
  it('probes the servers when it can', async () => {
    const probed: string[] = [];
    const probe: McpProbe = async (config) => {
      probed.push(...Object.keys(config.mcp));
      return ANSWER;
    };
    await listMcpServers(configFile, {}, dependencies({ findRunningServer: async () => undefined, probe }));
    expect(asked).toEqual([]);
    expect(probed).toEqual(['files', 'github', 'remote']);
    expect(stdout.text).toContain('files   stdio  ready  2 tools');
    expect(stdout.text).toContain('harombe is not running: each enabled server was started just to list its tools, then stopped.');
  });

  it('else lists the config and says how to see the status', async () => {
    await listMcpServers(configFile, {}, dependencies({ findRunningServer: async () => undefined }));
    expect(stdout.text.split('\n').slice(0, 3)).toEqual([
      'files   stdio  enabled  npx -y @modelcontextprotocol/server-filesystem /srv/notes',
      'github  stdio  enabled  npx -y @modelcontextprotocol/server-github',
      'remote  http   disabled  https://mcp.example.com/mcp',
    ]);
    expect(stdout.text).toContain('`harombe start` and run `harombe mcp list` again');
  });

  it('says how to add one when there is none', async () => {
    await writeFile(configFile, 'model:\n  name: qwen2.5:7b\n');
    await listMcpServers(configFile, {}, dependencies());
    expect(stdout.text).toContain('No MCP servers in');
    expect(stdout.text).toContain('`harombe mcp import FILE`');
    expect(asked).toEqual([]);
  });
});
