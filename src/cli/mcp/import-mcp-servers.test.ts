import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../main/config';
import { REDACTED } from '../../shared';
import { CliError } from '../cli-error';
import { registerMcpCommand } from '../commands/mcp-command';
import { starterConfig } from '../init/starter-config';
import { importMcpServers, readTextFile, type McpImportDependencies, type McpImportOptions } from './import-mcp-servers';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/mcp-import');
const SECRETS = /BSA-claude-secret-1|ctx7-cursor-secret-2|hf_lmstudio_secret_3|ghp_vscode_secret_4/;

const COMMENTED_CONFIG = `# my harombe, hand-written
model:
  name: qwen2.5:7b   # the fast one

# tools I trust
mcp:
  # the one I use every day
  time:
    command: uvx
    args: [mcp-server-time]
`;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let folder: string;
let configFile: string;
let stdout: Capture;
let stderr: Capture;
let running: string | undefined;
/** The running harombe's answers to POST /config/reload: the URLs it was asked at, and an error to answer with. */
let reloads: string[];
let reloadRefusal: Error | undefined;

function dependencies(): McpImportDependencies {
  const reloadRunningServer = async (baseUrl: string) => {
    reloads.push(baseUrl);
    if (reloadRefusal) throw reloadRefusal;
  };
  return { stdout, stderr, env: { NO_COLOR: '1' }, readFile: readTextFile, findRunningServer: async () => running, reloadRunningServer };
}

function run(file: string, options: McpImportOptions = {}): Promise<number> {
  return importMcpServers(file.includes('/') ? file : join(fixtures, file), configFile, options, dependencies());
}

/** Every comment of COMMENTED_CONFIG is still there, in its place (yaml re-spaces a trailing comment). */
function expectCommentsKept(text: string): void {
  expect(text).toMatch(/^# my harombe, hand-written\nmodel:\n {2}name: qwen2\.5:7b +# the fast one\n\n# tools I trust\nmcp:\n {2}# the one I use every day\n {2}time:\n/);
}

async function refusalOf(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'harombe-mcp-import-'));
  configFile = join(folder, 'harombe.yaml');
  await writeFile(configFile, COMMENTED_CONFIG);
  stdout = new Capture();
  stderr = new Capture();
  running = undefined;
  reloads = [];
  reloadRefusal = undefined;
});

describe('harombe mcp import: the real example files round-trip', () => {
  it.each([
    [
      'claude_desktop_config.json',
      {
        filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/ada/Desktop', '/Users/ada/Downloads'] },
        'brave-search': { command: 'npx', args: ['-y', '@modelcontextprotocol/server-brave-search'], env: { BRAVE_API_KEY: 'BSA-claude-secret-1' } },
        memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], enabled: false },
      },
      0,
    ],
    [
      'cursor-mcp.json',
      {
        context7: { url: 'https://mcp.context7.com/mcp', headers: { CONTEXT7_API_KEY: 'ctx7-cursor-secret-2' } },
        sqlite: { command: 'uvx', args: ['mcp-server-sqlite', '--db-path', '/home/ada/test.db'] },
        playwright: { url: 'http://localhost:8931/mcp' },
      },
      1,
    ],
    ['lmstudio-mcp.json', { 'hf-mcp-server': { url: 'https://huggingface.co/mcp', headers: { Authorization: 'Bearer hf_lmstudio_secret_3' } } }, 0],
    [
      'vscode-mcp.json',
      {
        fetch: { command: 'uvx', args: ['mcp-server-fetch'] },
        github: { url: 'https://api.githubcopilot.com/mcp/', headers: { Authorization: 'Bearer ghp_vscode_secret_4' } },
      },
      1,
    ],
  ])('%s: every server that can work is in harombe.yaml as written there, the comments kept', async (file, expected, exitCode) => {
    expect(await run(file)).toBe(exitCode);
    const text = await readFile(configFile, 'utf8');
    expectCommentsKept(text);
    const written = (parse(text) as { mcp: Record<string, unknown> }).mcp;
    expect(written).toEqual({ time: { command: 'uvx', args: ['mcp-server-time'] }, ...expected });
    // What harombe runs: the same servers, valid, with the defaults filled in.
    const { config } = await loadConfig(configFile);
    expect(Object.keys(config.mcp)).toEqual(['time', ...Object.keys(expected)]);
    expect(stdout.text).not.toMatch(SECRETS);
    expect(stderr.text).toBe('');
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
  });

  it('says what it did with each server, secrets shown as ••••••, and what cannot work with its fix', async () => {
    await run('cursor-mcp.json');
    expect(stdout.text).toContain(`+ context7       http: https://mcp.context7.com/mcp · headers CONTEXT7_API_KEY=${REDACTED}`);
    expect(stdout.text).toContain('+ sqlite         stdio: uvx mcp-server-sqlite --db-path /home/ada/test.db');
    expect(stdout.text).toContain('✗ legacy-events  refused: its url ends in /sse, the older SSE transport');
    expect(stdout.text).toContain('✗ linear         refused: it is an SSE server (type "sse")');
    expect(stdout.text).toContain('fix: harombe speaks streamable HTTP, not the older SSE transport');
    expect(stdout.text).toContain(`Wrote 3 servers to ${configFile} (mcp:).`);
  });

  it('refuses a VS Code ${input:…} and a name harombe cannot use, suggesting one; --rename imports it', async () => {
    await run('vscode-mcp.json');
    expect(stdout.text).toContain('✗ Perplexity  refused: its env.PERPLEXITY_API_KEY uses ${input:perplexity-key}, a variable the other app fills in and harombe does not');
    expect(stdout.text).toContain('✗ my.server   refused: harombe cannot use the name "my.server"');
    expect(stdout.text).toContain("fix: import it under another name: --rename my.server=my-server");
    stdout.text = '';
    expect(await run('vscode-mcp.json', { rename: ['my.server=my-server'] })).toBe(1);
    expect(stdout.text).toContain('+ my-server   stdio: node build/index.js (was "my.server")');
    expect(stdout.text).toContain('ignored (harombe has no such setting): dev');
    expect(stdout.text).toContain('= fetch       skipped: harombe.yaml already has a server named fetch (--replace to overwrite it)');
    expect((await loadConfig(configFile)).config.mcp['my-server']).toMatchObject({ command: 'node', args: ['build/index.js'] });
  });
});

describe('harombe mcp import: names already in harombe.yaml', () => {
  const clash = JSON.stringify({ mcpServers: { time: { command: 'docker', args: ['run', '-i', 'mcp/time'] }, fresh: { command: 'fresh-server' } } });

  it('skips them and says so, unless --replace', async () => {
    const file = join(folder, 'clash.json');
    await writeFile(file, clash);
    expect(await run(file)).toBe(0);
    expect(stdout.text).toContain('= time   skipped: harombe.yaml already has a server named time (--replace to overwrite it)');
    expect((await loadConfig(configFile)).config.mcp['time']?.command).toBe('uvx');
    expect(await run(file, { replace: true })).toBe(0);
    expect(stdout.text).toContain('~ time   replaces the one in harombe.yaml · stdio: docker run -i mcp/time');
    const text = await readFile(configFile, 'utf8');
    expect((await loadConfig(configFile)).config.mcp['time']).toMatchObject({ command: 'docker', args: ['run', '-i', 'mcp/time'] });
    expectCommentsKept(text);
  });

  it('writes nothing when every server is skipped', async () => {
    const file = join(folder, 'same.json');
    await writeFile(file, JSON.stringify({ mcpServers: { time: { command: 'x' } } }));
    expect(await run(file)).toBe(0);
    expect(stdout.text).toContain(`Nothing written to ${configFile}.`);
    expect(await readFile(configFile, 'utf8')).toBe(COMMENTED_CONFIG);
  });
});

describe('harombe mcp import: bad input changes nothing', () => {
  it.each([
    ['broken JSON', '{ "mcpServers": { "a": { "command": "x" } ', /broken\.json:1:\d+ is not valid JSON \(CloseBraceExpected\); nothing was imported/],
    ['a JSON file that is no MCP list', JSON.stringify({ name: 'my-app', version: '1.0.0' }), /is not an MCP server list: it has no "mcpServers" or "servers" object \(it has "name", "version"\); nothing was imported/],
    ['a list at the top', '[1, 2]', /its top level is not a JSON object/],
    ['servers that are not an object', JSON.stringify({ mcpServers: ['a'] }), /"mcpServers" is not an object of servers/],
  ])('%s', async (_case, text, message) => {
    const file = join(folder, 'broken.json');
    await writeFile(file, text);
    const error = await refusalOf(run(file));
    expect(error.message).toMatch(message);
    expect(error.hint).toContain('Expected a JSON object with an "mcpServers" object');
    expect(await readFile(configFile, 'utf8')).toBe(COMMENTED_CONFIG);
  });

  it('a missing file, or --rename of a server the file does not have', async () => {
    expect((await refusalOf(run(join(folder, 'nope.json')))).message).toBe(`cannot read ${join(folder, 'nope.json')}: no such file`);
    expect((await refusalOf(run('lmstudio-mcp.json', { rename: ['hf=hf-hub'] }))).message).toContain('--rename names a server');
    expect((await refusalOf(run('lmstudio-mcp.json', { rename: ['no-equals-sign'] }))).message).toContain('expected OLD=NEW');
    expect(await readFile(configFile, 'utf8')).toBe(COMMENTED_CONFIG);
  });

  it('an invalid harombe.yaml is left as it is, its problems listed', async () => {
    const broken = 'model:\n  temperature: hot\n';
    await writeFile(configFile, broken);
    const error = await refusalOf(run('lmstudio-mcp.json'));
    expect(error.message).toContain('is not a valid harombe config');
    expect(stderr.text).toContain('model.temperature');
    expect(await readFile(configFile, 'utf8')).toBe(broken);
  });
});

describe('harombe mcp import --dry-run', () => {
  it('prints the YAML it would add, secrets as ••••••, and writes nothing', async () => {
    expect(await run('claude_desktop_config.json', { dryRun: true })).toBe(0);
    expect(await readFile(configFile, 'utf8')).toBe(COMMENTED_CONFIG);
    expect(stdout.text).not.toMatch(SECRETS);
    const yaml = stdout.text.slice(stdout.text.indexOf('mcp:\n'));
    expect(parse(yaml)).toEqual({
      mcp: {
        filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/ada/Desktop', '/Users/ada/Downloads'] },
        'brave-search': { command: 'npx', args: ['-y', '@modelcontextprotocol/server-brave-search'], env: { BRAVE_API_KEY: REDACTED } },
        memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], enabled: false },
      },
    });
    expect(stdout.text).toContain(`Would add to ${configFile} (--dry-run: nothing written):`);
  });
});

describe('harombe mcp import: where it writes', () => {
  it('creates harombe.yaml (0600) when there is none, and has a running harombe read it again at once', async () => {
    configFile = join(folder, 'new', 'harombe.yaml');
    running = 'http://127.0.0.1:8000';
    expect(await run('lmstudio-mcp.json')).toBe(0);
    expect((await loadConfig(configFile)).config.mcp['hf-mcp-server']?.headers).toEqual({ Authorization: 'Bearer hf_lmstudio_secret_3' });
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    expect(reloads).toEqual(['http://127.0.0.1:8000']);
    expect(stdout.text).toContain(`The running harombe (http://127.0.0.1:8000) read ${configFile} again: the servers are starting.`);
  });

  it('says so when the running harombe cannot apply the file, and how to use the servers anyway', async () => {
    running = 'http://127.0.0.1:8000';
    reloadRefusal = new Error('harombe.yaml was not applied, the config in use is kept: harombe.yaml:3:9 tools.workspace: not a folder');
    expect(await run('lmstudio-mcp.json')).toBe(0);
    expect(stdout.text).toContain('The running harombe (http://127.0.0.1:8000) could not apply it: harombe.yaml was not applied');
    expect(stdout.text).toContain('restart harombe (`harombe stop`, then `harombe start`)');
  });

  it('into the file `harombe init` writes: only the servers are added, under its commented examples', async () => {
    const starter = starterConfig({ model: 'qwen2.5:7b', ollamaHost: 'http://localhost:11434', modelNote: 'note' });
    await writeFile(configFile, starter);
    await run('lmstudio-mcp.json');
    const added = '  hf-mcp-server:\n    url: https://huggingface.co/mcp\n    headers:\n      Authorization: Bearer hf_lmstudio_secret_3\n';
    const end = starter.indexOf('\n# More machines');
    expect(await readFile(configFile, 'utf8')).toBe(`${starter.slice(0, end)}${added}${starter.slice(end)}`);
  });

  it('fills a comment-only mcp: section, keeping its comments above the servers', async () => {
    await writeFile(configFile, 'mcp:\n  # filesystem:\n  #   command: npx\n');
    await run('lmstudio-mcp.json');
    const text = await readFile(configFile, 'utf8');
    expect(text).toMatch(/^mcp:\n {2}# filesystem:\n {2}# {3}command: npx\n {2}hf-mcp-server:\n/);
    expect((await loadConfig(configFile)).config.mcp['hf-mcp-server']?.url).toBe('https://huggingface.co/mcp');
  });
});

describe('harombe mcp import on the command line', () => {
  it('takes --replace, --dry-run and repeated --rename', async () => {
    const program = new Command('harombe').exitOverride();
    let exitCode: number | undefined;
    registerMcpCommand(program, { ...dependencies(), setExitCode: (code) => (exitCode = code) });
    await program.parseAsync(['mcp', 'import', join(fixtures, 'vscode-mcp.json'), '--config', configFile, '--dry-run', '--rename', 'my.server=mine', '--rename', 'Perplexity=ask'], { from: 'user' });
    expect(exitCode).toBe(1);
    expect(stdout.text).toContain('+ mine ');
    expect(stdout.text).toContain('✗ ask ');
    expect(await readFile(configFile, 'utf8')).toBe(COMMENTED_CONFIG);
  });
});
