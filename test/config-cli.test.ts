// The built `harombe` CLI: `config path` and `config validate` against the seed README's examples and broken files.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const seedFixtures = join(root, 'test/fixtures/seed');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let home: string;

async function harombe(args: string[], cwd = root): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/harombe.js'), ...args], {
      cwd,
      // The compile cache spares each of the many short CLI runs re-compiling zod and yaml.
      env: { ...process.env, HAROMBE_HOME: home, NO_COLOR: '1', NODE_COMPILE_CACHE: join(home, '.compile-cache') },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** The effective config `config validate` printed after its `ok:` line. */
function effectiveConfig(stdout: string): Record<string, Record<string, unknown>> {
  return parse(stdout.split('\n').slice(1).join('\n')) as Record<string, Record<string, unknown>>;
}

/** Writes `text` to a file of its own folder, so concurrent tests can check that nothing else appears there. */
async function writeConfig(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(home, 'case-')), name);
  await writeFile(path, text);
  return path;
}

beforeAll(async () => {
  await run(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  home = await mkdtemp(join(tmpdir(), 'harombe-config-cli-'));
});

describe('harombe config path', () => {
  it('names harombe.yaml in HAROMBE_HOME, or the --config file resolved from the current folder', async () => {
    expect(await harombe(['config', 'path'])).toEqual({ code: 0, stdout: `${join(home, 'harombe.yaml')}\n`, stderr: '' });
    expect((await harombe(['config', 'path', '--config', 'mine.yaml'], home)).stdout).toBe(`${join(home, 'mine.yaml')}\n`);
    expect((await harombe(['-c', 'mine.yaml', 'config', 'path'], home)).stdout).toBe(`${join(home, 'mine.yaml')}\n`);
  });
});

// Each test spawns the CLI; running them side by side keeps the file quick.
describe.concurrent('harombe config validate', () => {
  it('shows the defaults when there is no config file yet', async () => {
    const result = await harombe(['config', 'validate']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`ok: ${join(home, 'harombe.yaml')}`);
    expect(effectiveConfig(result.stdout)['server']).toEqual({ host: '127.0.0.1', port: 8000 });
    expect(result.stderr).toContain('does not exist yet');
  });

  it.each(['main-config.yaml', 'cluster.yaml', 'node-config.yaml', 'coordinator-cluster.yaml'])(
    'accepts the seed README example %s',
    async (name) => {
      const file = join(seedFixtures, name);
      const result = await harombe(['config', 'validate', '--config', file]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.split('\n')[0]).toBe(`ok: ${file}`);
      // What the file says is what harombe will use.
      const fromFile = parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
      const effective = effectiveConfig(result.stdout);
      for (const [section, values] of Object.entries(fromFile)) expect(effective[section]).toMatchObject(values);
    },
  );

  it('takes --config before the command too', async () => {
    const file = join(seedFixtures, 'cluster.yaml');
    const result = await harombe(['--config', file, 'config', 'validate']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`ok: ${file}`);
    expect((effectiveConfig(result.stdout)['cluster']!['nodes'] as { tier: number }[]).map((node) => node.tier)).toEqual([0, 1, 2]);
  });

  it('never prints a secret', async () => {
    const file = await writeConfig('secret.yaml', 'server:\n  auth_token: hunter2-token\n');
    const result = await harombe(['config', 'validate', '-c', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('hunter2-token');
    expect(effectiveConfig(result.stdout)['server']!['auth_token']).toBe('••••••');
  });

  it('fails when the file named by --config does not exist', async () => {
    const result = await harombe(['config', 'validate', '--config', join(home, 'missing.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`config file not found: ${join(home, 'missing.yaml')}`);
  });

  const node = (name: string, tier: number): string => `    - name: ${name}\n      host: 127.0.0.${tier + 1}\n      model: qwen2.5:3b\n      tier: ${tier}\n`;
  const brokenFiles: { name: string; text: string; code: number; expected: string }[] = [
    {
      name: 'tab indentation',
      text: 'model:\n\tname: qwen2.5:7b\n',
      code: 1,
      expected: ':2:1 tabs are not allowed for indentation; use spaces',
    },
    {
      name: 'a wrong type',
      text: 'model:\n  name: qwen2.5:7b\n  temperature: hot\n',
      code: 1,
      expected: ':3:16 model.temperature: expected a number from 0 to 2, found the string "hot"',
    },
    {
      name: 'an out-of-range value',
      text: 'agent:\n  max_steps: 100\n',
      code: 1,
      expected: ':2:14 agent.max_steps: expected an integer from 1 to 50, found 100',
    },
    {
      name: 'tier 3',
      text: `cluster:\n  nodes:\n${node('laptop', 0)}    - name: big\n      host: big.local\n      model: qwen2.5:72b\n      tier: 3\n`,
      code: 1,
      expected: ':10:13 cluster.nodes[1].tier: expected an integer from 0 to 2, found 3',
    },
    {
      name: 'port 0',
      text: 'server:\n  host: 127.0.0.1\n  port: 0\n',
      code: 1,
      expected: ':3:9 server.port: expected an integer from 1 to 65535, found 0',
    },
    {
      name: 'a bad enum value',
      text: 'tools:\n  sandbox: docker\n',
      code: 1,
      expected: ':2:12 tools.sandbox: expected one of auto, bwrap, none, found the string "docker"',
    },
    {
      name: 'duplicate node names',
      text: `cluster:\n  nodes:\n${node('box', 0)}${node('box', 1)}`,
      code: 1,
      expected: ':7:13 cluster.nodes[1].name: duplicate node name "box" (also used by node 1); node names must be unique',
    },
    {
      name: 'bad YAML syntax',
      text: 'model:\n  name: "qwen2.5:7b\nserver:\n  port: 8000\n',
      code: 1,
      expected: ':2:9 invalid YAML: the "quoted string starting here is never closed (add the closing ")',
    },
    {
      name: 'a top level that is not a mapping',
      text: 'qwen2.5:7b\n',
      code: 1,
      expected: ':1:1 the file must be a mapping of sections (model:, ollama:, agent:, tools:, server:, cluster:, mcp:), found the string "qwen2.5:7b"',
    },
    {
      name: 'an unknown key (a warning)',
      text: 'agent:\n  max_step: 5\n',
      code: 0,
      expected: ':2:3 agent.max_step: unknown key `max_step` in agent — did you mean `max_steps`? (ignored)',
    },
  ];

  const threeProblems = 'modle:\n  name: qwen2.5:7b\nagent:\n  max_steps: 500\nserver:\n  port: 8100\n   host: 0.0.0.0\n';
  const threeProblemLines = (file: string): string[] => [
    `warning: ${file}:1:1 modle: unknown key \`modle\` at the top level — did you mean \`model\`? (ignored)`,
    `${file}:4:14 agent.max_steps: expected an integer from 1 to 50, found 500`,
    `${file}:7:4 invalid YAML: \`host\` is indented more than \`port\` on line 6 (3 spaces, not 2), so YAML reads it as part of \`port\`'s value; indent it like \`port\`, or, if it belongs under \`port\`, remove the value after \`port:\``,
  ];

  it('lists a YAML error, a schema error and a typo together, in file order, each at its line', async () => {
    const file = await writeConfig('three-problems.yaml', threeProblems);
    const result = await harombe(['config', 'validate', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').slice(0, 4)).toEqual([
      ...threeProblemLines(file),
      expect.stringContaining(`${file} is not a valid harombe config (2 errors and 1 warning, listed above)`),
    ]);
  });

  it.each([['chat', '-m', 'hi'], ['start', '--port', '0']])('harombe %s lists the same problems and exits 1', async (...command) => {
    const file = await writeConfig('three-problems.yaml', threeProblems);
    const result = await harombe([...command, '--config', file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toContain(`${file} is not a valid harombe config (2 errors and 1 warning):`);
    expect(lines.slice(1, 4)).toEqual(threeProblemLines(file));
  });

  it.each(brokenFiles)('reports $name with its line and column', async ({ name, text, code, expected }) => {
    const file = await writeConfig(`${name.replaceAll(/\W+/g, '-')}.yaml`, text);
    const folder = dirname(file);
    const result = await harombe(['config', 'validate', '--config', file]);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(`${file}${expected}\n`);
    if (code === 0) {
      expect(result.stdout.split('\n')[0]).toBe(`ok: ${file}`);
      expect(result.stderr).toContain(`warning: ${file}${expected}`);
    } else {
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('is not a valid harombe config');
    }
    // Validating never writes.
    expect(await readdir(folder)).toEqual([basename(file)]);
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});
