// `harombe approvals list | add | rm`: with no harombe running, harombe.yaml itself (comments kept); with one running,
// through its API, so a rule added from the terminal applies at once.
import { Command } from 'commander';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askServer } from '../src/cli/cluster/running-server';
import { CliError } from '../src/cli/cli-error';
import { registerApprovalsCommand, type ApprovalsCommandDependencies } from '../src/cli/commands/approvals-command';
import { withConfigOption } from '../src/cli/program';
import { HarombeRuntime } from '../src/main/runtime';
import { OllamaStandIn } from './support/ollama-stand-in';
import { pointHarombeHomeAt } from './support/run-cli';

let folder: string;
let configFile: string;
const YAML = `tools:
  approvals:
    # kept: a note about my rules
    - { tool: shell, match: git status, decision: allow }
`;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'harombe-approvals-cli-'));
  configFile = join(folder, 'harombe.yaml');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function harombe(server: string | undefined, ...args: string[]): Promise<{ out: string; error?: CliError }> {
  let out = '';
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const overrides: Partial<ApprovalsCommandDependencies> = { stdout, env: {}, findRunningServer: async () => server, askServer, setExitCode: () => undefined };
  const program = withConfigOption(new Command('harombe')).exitOverride();
  registerApprovalsCommand(program, overrides);
  try {
    await program.parseAsync([...args, '--config', configFile], { from: 'user' });
    return { out };
  } catch (error) {
    if (error instanceof CliError) return { out, error };
    throw error;
  }
}

describe('harombe approvals, no harombe running', () => {
  it('adds, lists and removes rules in harombe.yaml, keeping its comments', async () => {
    await writeFile(configFile, YAML);
    const added = await harombe(undefined, 'approvals', 'add', 'deny', 'fs__write_file', '--arg', 'path=/etc/**');
    expect(added.out).toMatch(/^added [0-9a-f]{10}: tools.approvals\[1\] \(fs__write_file path=`\/etc\/\*\*`: deny\)/);
    expect(added.out).toContain('no harombe running');
    const yaml = await readFile(configFile, 'utf8');
    expect(yaml).toContain('# kept: a note about my rules');
    expect(yaml).toMatch(/tool: fs__write_file\s+args:\s+path: \/etc\/\*\*\s+decision: deny/);

    const listed = (await harombe(undefined, 'approvals', 'list')).out.split('\n');
    expect(listed[0]).toMatch(/^ID\s+#\s+DECISION\s+RULE$/);
    expect(listed[1]).toMatch(/^[0-9a-f]{10}\s+0\s+allow\s+shell {2}git status$/);
    expect(listed[2]).toMatch(/^([0-9a-f]{10})\s+1\s+deny\s+fs__write_file {2}path=\/etc\/\*\*$/);
    expect(listed).toContain('Default mode: ask.');

    const id = /^([0-9a-f]{10})/.exec(listed[2]!)![1]!;
    expect((await harombe(undefined, 'approvals', 'rm', id)).out).toContain(`removed ${id}`);
    expect(await readFile(configFile, 'utf8')).not.toContain('fs__write_file');
    expect((await harombe(undefined, 'approvals', 'rm', id)).error?.message).toBe(`no approval rule has the id "${id}"`);
  });

  it('--exact adds a rule for that command only, listed as such', async () => {
    await writeFile(configFile, YAML);
    const added = await harombe(undefined, 'approvals', 'add', 'allow', 'shell', 'git push origin main', '--exact');
    expect(added.out).toMatch(/^added [0-9a-f]{10}: tools.approvals\[1\] \(shell `git push origin main` exactly: allow\)/);
    expect(await readFile(configFile, 'utf8')).toMatch(/match: git push origin main\s+exact: true\s+decision: allow/);
    const listed = (await harombe(undefined, 'approvals', 'list')).out.split('\n');
    expect(listed[2]).toMatch(/^[0-9a-f]{10}\s+1\s+allow\s+shell {2}git push origin main {2}\(exactly\)$/);
  });

  it('shows a rule that cannot be read with its problem, and refuses a decision that is not one', async () => {
    await writeFile(configFile, YAML);
    await harombe(undefined, 'approvals', 'add', 'allow', 'shell', 'ls; rm -rf ~');
    expect((await harombe(undefined, 'approvals', 'list')).out).toContain('⚠ tools.approvals[1] (shell `ls; rm -rf ~`: allow) is left out');
    const wrong = await harombe(undefined, 'approvals', 'add', 'sometimes', 'shell', 'ls');
    expect(wrong.error?.exitCode).toBe(2);
  });
});

describe('harombe approvals, with harombe running', () => {
  it('adds through the server: listed at once, in the file, and removed the same way', async () => {
    const standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
    const restore = pointHarombeHomeAt(folder);
    await mkdir(join(folder, 'workspace'), { recursive: true });
    await writeFile(configFile, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\n${YAML}  workspace: ${join(folder, 'workspace')}\n  web_search: false\n`);
    const runtime = await HarombeRuntime.create({ configPath: configFile, port: 0 });
    const url = (await runtime.start()).url;
    try {
      const added = await harombe(url, 'approvals', 'add', 'allow', 'shell', 'npm test');
      expect(added.out).toContain('in the running harombe');
      expect(runtime.config.tools.approvals).toContainEqual({ tool: 'shell', match: 'npm test', decision: 'allow' });
      expect(await readFile(configFile, 'utf8')).toContain('# kept: a note about my rules');
      const id = /^added ([0-9a-f]{10})/.exec(added.out)![1]!;
      expect((await harombe(url, 'approvals', 'list', '--json')).out).toContain('"match": "npm test"');
      expect((await harombe(url, 'approvals', 'rm', id)).out).toContain(`removed ${id}`);
      const missing = await harombe(url, 'approvals', 'rm', id);
      expect(missing.error?.message).toContain(`No approval rule has the id "${id}"`);
    } finally {
      await runtime.stop({ graceDeadlineMs: 1000 });
      await standIn.stop();
      restore();
    }
  });
});
