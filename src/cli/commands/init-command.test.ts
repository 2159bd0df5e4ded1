import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../main/config';
import type { HardwareProfile } from '../../shared';
import { CliError } from '../cli-error';
import { runInit, type InitDependencies, type InitOptions } from './init-command';

const gamingPc: HardwareProfile = {
  kind: 'nvidia',
  gpus: [{ vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4090', vramGb: 23.99 }],
  totalMemoryGb: 64,
  usableVramGb: 20.4,
  cpu: { brand: 'Intel Core i9-13900K', cores: 32, speedGhz: 3 },
  platform: 'linux',
};

const ollamaDown = (async () => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
}) as typeof fetch;

async function run(options: InitOptions, typed?: string[], overrides: Partial<InitDependencies> = {}) {
  const home = await mkdtemp(join(tmpdir(), 'harombe-init-'));
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  if (typed) input.end(typed.map((line) => `${line}\n`).join(''));
  const dependencies: Partial<InitDependencies> = {
    detect: async () => gamingPc,
    fetch: ollamaDown,
    input,
    output,
    interactive: typed !== undefined,
    env: { HAROMBE_HOME: home },
    ...overrides,
  };
  await runInit(options, dependencies);
  const path = options.config ?? join(home, 'harombe.yaml');
  return { home, path, shown, config: parseConfigText(await readFile(path, 'utf8'), path).config };
}

describe('runInit', () => {
  it('shows what it found and why, and writes the recommendation', async () => {
    const { shown, config } = await run({});
    expect(shown).toContain('GPU:    NVIDIA GeForce RTX 4090, 24 GB VRAM');
    expect(shown).toContain('Recommended model: qwen2.5:14b');
    expect(shown).toContain('why: NVIDIA GeForce RTX 4090, 24 GB VRAM → qwen2.5:14b (20.4 GB usable at 85%)');
    expect(config.model.name).toBe('qwen2.5:14b');
  });

  it('asks in a terminal and writes the name the person typed', async () => {
    const { shown, config, path } = await run({}, ['n', 'qwen2.5:7b']);
    expect(shown).toContain('Use qwen2.5:14b? [Y/n');
    expect(config.model.name).toBe('qwen2.5:7b');
    expect(await readFile(path, 'utf8')).toContain('# Chosen by you; init recommended qwen2.5:14b: NVIDIA GeForce RTX 4090');
  });

  it('does not ask with -y, even in a terminal', async () => {
    const { shown, config } = await run({ nonInteractive: true }, ['n', 'qwen2.5:7b']);
    expect(shown).not.toContain('[Y/n');
    expect(config.model.name).toBe('qwen2.5:14b');
  });

  it('does not ask when --model names the model', async () => {
    const { shown, config } = await run({ model: 'llama3.2:3b' }, ['y']);
    expect(shown).not.toContain('[Y/n');
    expect(shown).toContain('Using llama3.2:3b (from --model).');
    expect(config.model.name).toBe('llama3.2:3b');
  });

  it('writes to --config instead of the harombe home, and says how to chat with it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'harombe-init-'));
    const custom = join(folder, 'node a.yaml');
    const { shown } = await run({ config: custom });
    expect((await stat(custom)).mode & 0o777).toBe(0o600);
    expect(shown).toContain(`Start chatting: \`harombe chat --config '${custom}'\``);
  });

  it('refuses to overwrite without --force; with --force keeps a private backup', async () => {
    const { home, path } = await run({});
    await writeFile(path, 'server:\n  auth_token: keep-me\n');
    const again = runInit({}, { detect: async () => gamingPc, fetch: ollamaDown, output: new PassThrough(), interactive: false, env: { HAROMBE_HOME: home } });
    await expect(again).rejects.toThrow(CliError);
    await expect(again).rejects.toMatchObject({ exitCode: 1, hint: expect.stringContaining('harombe init --force') });
    expect(await readFile(path, 'utf8')).toContain('keep-me');

    await runInit({ force: true }, { detect: async () => gamingPc, fetch: ollamaDown, output: new PassThrough(), interactive: false, env: { HAROMBE_HOME: home } });
    expect(await readFile(path, 'utf8')).toContain('name: qwen2.5:14b');
    expect(await readFile(`${path}.bak`, 'utf8')).toContain('keep-me');
    expect((await stat(`${path}.bak`)).mode & 0o777).toBe(0o600);
  });

  it('rejects a bad --model or --ollama-host before detecting anything', async () => {
    let detected = false;
    const detect = async () => {
      detected = true;
      return gamingPc;
    };
    const output = new PassThrough();
    await expect(runInit({ model: 'two words' }, { detect, output, env: { HAROMBE_HOME: tmpdir() } })).rejects.toMatchObject({ exitCode: 2 });
    await expect(runInit({ ollamaHost: 'localhost:11434' }, { detect, output, env: { HAROMBE_HOME: tmpdir() } })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('--ollama-host'),
    });
    expect(detected).toBe(false);
  });
});
