import { mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, formatConfigProblem } from './config-problem';
import { loadConfig } from './load-config';
import { setConfigValue, updateConfigFile } from './update-config';

const ORIGINAL = `# harombe config — edited by hand
model:
  name: qwen2.5:7b # what fits in 8 GB
  temperature: 0.7

# keep this prompt short
agent:
  system_prompt: "You are harombe, a helpful AI assistant that answers precisely and asks before running anything dangerous."
  max_steps: 10

server:
  port: 8000
`;

let folder: string;
let file: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'harombe-save-'));
  file = join(folder, 'harombe.yaml');
});

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('updateConfigFile', () => {
  it('keeps comments, key order and long lines, and writes mode 0600', async () => {
    await writeFile(file, ORIGINAL, { mode: 0o644 });
    const saved = await updateConfigFile(file, (document) => {
      document.setIn(['model', 'temperature'], 0.2);
      document.setIn(['server', 'auth_token'], 's3cret');
    });
    expect(await readFile(file, 'utf8')).toBe(
      ORIGINAL.replace('temperature: 0.7', 'temperature: 0.2').replace('  port: 8000\n', '  port: 8000\n  auth_token: s3cret\n'),
    );
    expect(await modeOf(file)).toBe(0o600);
    expect(saved.config.model.temperature).toBe(0.2);
    expect((await loadConfig(file)).config.server.auth_token).toBe('s3cret');
  });

  it('keeps a header comment above its section when the section before ends in commented-out keys (harombe init)', async () => {
    const text = `tools:
  shell: true
  # workspace: /path/to/folder

# The HTTP API and web UI.
server:
  port: 8000
  # auth_token: a-long-random-secret

# MCP servers.
mcp:
  # filesystem:
  #   command: npx

# More machines: \`harombe cluster init\`.
`;
    await writeFile(file, text);
    await updateConfigFile(file, (document) => document.setIn(['server', 'port'], 9000));
    expect(await readFile(file, 'utf8')).toBe(text.replace('port: 8000', 'port: 9000'));
  });

  it('writes nothing when the edit makes the config invalid, and says why', async () => {
    await writeFile(file, ORIGINAL, { mode: 0o644 });
    const error = await updateConfigFile(file, (document) => document.setIn(['agent', 'max_steps'], 0)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    // The position is where the value sits in the file.
    expect((error as ConfigError).problems.map(formatConfigProblem)).toEqual([
      `${file}:9:14 agent.max_steps: expected an integer from 1 to 50, found 0`,
    ]);
    expect(await readFile(file, 'utf8')).toBe(ORIGINAL);
    expect(await modeOf(file)).toBe(0o644);
    expect(await readdir(folder)).toEqual(['harombe.yaml']);
  });

  it('hands the validated result to beforeWrite, and writes nothing when it throws (a config harombe cannot run)', async () => {
    await writeFile(file, ORIGINAL, { mode: 0o644 });
    const refusal = new ConfigError([{ file, line: 0, column: 0, keyPath: 'tools.workspace', message: 'cannot use /proc/x' }]);
    const seen: number[] = [];
    const error = await updateConfigFile(file, (document) => document.setIn(['model', 'temperature'], 0.3), {
      beforeWrite: (next) => {
        seen.push(next.config.model.temperature);
        throw refusal;
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBe(refusal);
    expect(seen).toEqual([0.3]);
    expect(await readFile(file, 'utf8')).toBe(ORIGINAL);
    expect(await readdir(folder)).toEqual(['harombe.yaml']);
  });

  it('creates no file when the first edit is invalid', async () => {
    await expect(setConfigValue(file, ['server', 'port'], 0)).rejects.toThrow(/server\.port: expected an integer from 1 to 65535, found 0/);
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses to edit a file that is not valid YAML', async () => {
    await writeFile(file, 'model:\n\tname: x\n');
    await expect(setConfigValue(file, ['model', 'name'], 'y')).rejects.toThrow(/:2:1 tabs are not allowed for indentation/);
    expect(await readFile(file, 'utf8')).toBe('model:\n\tname: x\n');
  });

  it('refuses to edit a file whose top level is not a mapping', async () => {
    await writeFile(file, '- a\n- b\n');
    await expect(setConfigValue(file, ['model', 'name'], 'y')).rejects.toThrow(/the file must be a mapping of sections/);
  });

  it('keeps unknown keys it warns about', async () => {
    await writeFile(file, 'agent:\n  max_step: 5\n');
    const saved = await setConfigValue(file, ['agent', 'max_steps'], 5);
    expect(saved.warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('did you mean `max_steps`?')]);
    expect(await readFile(file, 'utf8')).toBe('agent:\n  max_step: 5\n  max_steps: 5\n');
  });

  it('writes through a symlinked config instead of replacing the link', async () => {
    const real = join(folder, 'real.yaml');
    await writeFile(real, 'server:\n  port: 8000\n');
    await symlink(real, file);
    await setConfigValue(file, ['server', 'port'], 9000);
    expect(await readFile(real, 'utf8')).toBe('server:\n  port: 9000\n');
    expect((await stat(file)).isFile()).toBe(true);
  });
});

describe('setConfigValue', () => {
  it('creates the file, 0600, when there is none', async () => {
    const saved = await setConfigValue(file, ['model', 'name'], 'qwen2.5:3b');
    expect(saved).toMatchObject({ path: file, exists: true, warnings: [] });
    expect(await readFile(file, 'utf8')).toBe('model:\n  name: qwen2.5:3b\n');
    expect(await modeOf(file)).toBe(0o600);
  });

  it('keeps a trailing comment when replacing a value', async () => {
    await writeFile(file, ORIGINAL);
    await setConfigValue(file, ['model', 'name'], 'qwen2.5:14b');
    expect(await readFile(file, 'utf8')).toContain('  name: qwen2.5:14b # what fits in 8 GB\n');
  });

  it('fills a section whose keys are all commented out, and adds to a comment-only file', async () => {
    await writeFile(file, '# settings\nserver:\n  # port: 8000\n');
    await setConfigValue(file, ['server', 'port'], 8080);
    expect(await readFile(file, 'utf8')).toBe('# settings\nserver:\n  # port: 8000\n  port: 8080\n');

    await writeFile(file, '# nothing yet\n');
    await setConfigValue(file, ['tools', 'shell'], false);
    expect(await readFile(file, 'utf8')).toBe('# nothing yet\n\ntools:\n  shell: false\n');
  });

  it('sets a whole list, and removes a key with undefined', async () => {
    await writeFile(file, ORIGINAL);
    await setConfigValue(file, ['cluster', 'nodes'], [{ name: 'box', host: '192.168.1.9', model: 'qwen2.5:14b', tier: 1 }]);
    expect((await loadConfig(file)).config.cluster?.nodes[0]).toMatchObject({ name: 'box', port: 8000, tier: 1 });
    await setConfigValue(file, ['cluster', 'nodes', 0, 'tier'], 2);
    expect((await loadConfig(file)).config.cluster?.nodes[0]?.tier).toBe(2);
    await setConfigValue(file, ['model', 'temperature'], undefined);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('temperature');
    expect(text).toContain('# what fits in 8 GB');
  });

  it('does not lose an edit when two saves overlap', async () => {
    await writeFile(file, ORIGINAL);
    await Promise.all([setConfigValue(file, ['server', 'port'], 9001), setConfigValue(file, ['model', 'temperature'], 0.1)]);
    const { config } = await loadConfig(file);
    expect(config.server.port).toBe(9001);
    expect(config.model.temperature).toBe(0.1);
  });

  it('rejects an invalid node edit with its key path', async () => {
    await writeFile(file, 'cluster:\n  nodes:\n    - name: box\n      host: h\n      model: m\n      tier: 1\n');
    await expect(setConfigValue(file, ['cluster', 'nodes', 0, 'tier'], 3)).rejects.toThrow(
      /:6:13 cluster\.nodes\[0\]\.tier: expected an integer from 0 to 2, found 3/,
    );
  });
});

describe('a config path that is not a regular file', () => {
  it('refuses a FIFO at once instead of waiting on it forever, and makes nothing', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [file]);
    const error = await setConfigValue(file, ['model', 'name'], 'qwen2.5:3b').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('named pipe');
    expect((await stat(file)).isFIFO()).toBe(true);
  });
});

// What a person sees in harombe.yaml after a save, and in the refusal when there is one.
describe('saving: the file as the person left it', () => {
  it('a save can put right the value that made the file invalid, its comment kept', async () => {
    await writeFile(file, 'agent:\n  max_steps: 0 # too few\n');
    await setConfigValue(file, ['agent', 'max_steps'], 5);
    expect(await readFile(file, 'utf8')).toBe('agent:\n  max_steps: 5 # too few\n');
  });

  it('a key under a value that is no section is refused in the file’s words, with where, and the file kept', async () => {
    await writeFile(file, '# mine\nserver: 8000\n');
    const error = await setConfigValue(file, ['server', 'port'], 9000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map(formatConfigProblem)).toEqual([expect.stringMatching(new RegExp(`^${file}:2:9 server: `))]);
    expect(await readFile(file, 'utf8')).toBe('# mine\nserver: 8000\n');
  });

  it('removing a key the file does not have changes nothing and says nothing', async () => {
    await writeFile(file, '# nothing yet\n');
    await setConfigValue(file, ['server', 'port'], undefined);
    expect(await readFile(file, 'utf8')).toBe('# nothing yet\n');
    await writeFile(file, 'model:\n  name: qwen2.5:7b\n');
    await setConfigValue(file, ['cluster', 'nodes', 0, 'tier'], undefined);
    expect(await readFile(file, 'utf8')).toBe('model:\n  name: qwen2.5:7b\n');
  });

  it('a save that changes nothing leaves a comment-only file as it was, and writes no `null`', async () => {
    await writeFile(file, '# harombe config\n\n# model:\n#   name: qwen2.5:7b\n');
    await updateConfigFile(file, () => undefined);
    expect(await readFile(file, 'utf8')).toBe('# harombe config\n\n# model:\n#   name: qwen2.5:7b\n');
    await writeFile(file, '');
    await updateConfigFile(file, () => undefined);
    expect(await readFile(file, 'utf8')).toBe('');
  });

  it('a key written with nothing after it but a comment gets its value beside that comment', async () => {
    await writeFile(file, 'model:\n  name: # pick one that fits your GPU\n');
    await setConfigValue(file, ['model', 'name'], 'qwen2.5:7b');
    expect(await readFile(file, 'utf8')).toBe('model:\n  name: qwen2.5:7b # pick one that fits your GPU\n');
  });

  it('a list whose entries are all commented out gets its first entry as a list item, below the comments', async () => {
    await writeFile(file, 'cluster:\n  nodes:\n    # - name: box\n');
    await setConfigValue(file, ['cluster', 'nodes', 0], { name: 'box', host: '192.168.1.9', model: 'qwen2.5:14b', tier: 1 });
    expect(await readFile(file, 'utf8')).toBe('cluster:\n  nodes:\n    # - name: box\n    - name: box\n      host: 192.168.1.9\n      model: qwen2.5:14b\n      tier: 1\n');
  });
});

describe('saving: a save that fails on its own', () => {
  it('an edit that throws (the caller’s own failure) comes back as it is, and nothing is written or created', async () => {
    const failure = new Error('the model list could not be fetched');
    await writeFile(file, ORIGINAL, { mode: 0o644 });
    await expect(updateConfigFile(file, (document) => {
      document.setIn(['model', 'name'], 'half-done');
      throw failure;
    })).rejects.toBe(failure);
    expect(await readFile(file, 'utf8')).toBe(ORIGINAL);
    const missing = join(folder, 'new.yaml');
    await expect(updateConfigFile(missing, () => {
      throw failure;
    })).rejects.toBe(failure);
    expect(await readdir(folder)).toEqual(['harombe.yaml']);
  });

  it('one field of a node that is not there yet is refused with what the node lacks', async () => {
    await writeFile(file, 'cluster:\n  nodes:\n    # - name: box\n');
    const error = await setConfigValue(file, ['cluster', 'nodes', 0, 'tier'], 2).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => `${problem.keyPath}: ${problem.message}`)).toContain(
      'cluster.nodes[0].name: expected a non-empty string, found nothing (this key is required)',
    );
    expect(await readFile(file, 'utf8')).toBe('cluster:\n  nodes:\n    # - name: box\n');
  });
});
