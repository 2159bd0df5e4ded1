import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { HardwareProfile } from '../../shared';
import type { ModelDetails } from '../llm';
import { allPassed } from './diagnostic-check';
import { runDiagnostics, type DiagnosticsOptions } from './run-diagnostics';

const OLLAMA = 'http://127.0.0.1:11434';

/** Answers by URL like the real servers would; anything else is "nothing listening". */
function fakeFetch(routes: Record<string, () => Response>): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    const route = routes[url];
    if (route) return route();
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
  }) as typeof fetch;
}

const ollamaUp = (...models: string[]) => ({
  [`${OLLAMA}/api/version`]: () => Response.json({ version: '0.6.5' }),
  [`${OLLAMA}/api/tags`]: () => Response.json({ models: models.map((name) => ({ name, model: name })) }),
});

function inspector(tools: boolean) {
  return { show: vi.fn(async (name: string): Promise<ModelDetails> => ({ name, capabilities: tools ? ['completion', 'tools'] : ['completion'], supportsTools: tools })) };
}

async function configFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'harombe-doctor-')), 'harombe.yaml');
  await writeFile(path, text);
  return path;
}

const baseConfig = `model:\n  name: qwen2.5:7b\nollama:\n  host: ${OLLAMA}\ntools:\n  sandbox: none\n`;

function options(configPath: string, overrides: Partial<DiagnosticsOptions> = {}): DiagnosticsOptions {
  return {
    configPath,
    nodeVersion: '24.1.0',
    platform: 'linux',
    fetch: fakeFetch(ollamaUp('qwen2.5:7b')),
    inspector: inspector(true),
    listen: async () => ({ free: true }),
    sandboxDetector: { detect: async () => ({ mode: 'none', reason: 'off' }) },
    detectHardware: async () => {
      throw new Error('hardware detection must not run when model.name is set');
    },
    ...overrides,
  };
}

const statuses = (checks: { id: string; status: string }[]) => Object.fromEntries(checks.map((check) => [check.id, check.status]));

describe('runDiagnostics', () => {
  it('passes every check on a healthy machine, in a fixed order', async () => {
    const checks = await runDiagnostics(options(await configFile(baseConfig)));
    expect(checks.map((check) => check.id)).toEqual(['node', 'config', 'ollama', 'model', 'model-tools', 'server-port', 'sandbox']);
    expect(checks.every((check) => check.status === 'pass')).toBe(true);
    expect(checks.find((check) => check.id === 'ollama')?.detail).toBe(`0.6.5 at ${OLLAMA}`);
    expect(allPassed(checks)).toBe(true);
  });

  it('fails on a stopped Ollama with the `ollama serve` fix, and skips what depends on it', async () => {
    const checks = await runDiagnostics(options(await configFile(baseConfig), { fetch: fakeFetch({}) }));
    const ollama = checks.find((check) => check.id === 'ollama')!;
    expect(ollama).toMatchObject({ status: 'fail', detail: `nothing is listening at ${OLLAMA}` });
    expect(ollama.fix).toContain('ollama serve');
    expect(statuses(checks)).toMatchObject({ model: 'skip', 'model-tools': 'skip', 'server-port': 'pass' });
    expect(allPassed(checks)).toBe(false);
  });

  it('fails when the model is not pulled, with the pull command as the fix', async () => {
    const checks = await runDiagnostics(options(await configFile(baseConfig), { fetch: fakeFetch(ollamaUp('llama3.2:latest')) }));
    expect(checks.find((check) => check.id === 'model')).toMatchObject({
      status: 'fail',
      detail: 'qwen2.5:7b is not pulled',
      fix: 'Pull it: `ollama pull qwen2.5:7b` (or `harombe models pull qwen2.5:7b`).',
    });
    expect(statuses(checks)['model-tools']).toBe('skip');
  });

  it('only warns when the model cannot call tools', async () => {
    const checks = await runDiagnostics(options(await configFile(baseConfig), { inspector: inspector(false) }));
    expect(checks.find((check) => check.id === 'model-tools')).toMatchObject({ status: 'warn', detail: expect.stringContaining('cannot call tools') });
    expect(allPassed(checks)).toBe(true);
  });

  it('resolves model.name auto through the hardware', async () => {
    const profile: HardwareProfile = { kind: 'cpu', gpus: [], totalMemoryGb: 2, usableVramGb: 2, cpu: { brand: 'x', cores: 2, speedGhz: null }, platform: 'linux' };
    const checks = await runDiagnostics(
      options(await configFile(`ollama:\n  host: ${OLLAMA}\ntools:\n  sandbox: none\n`), {
        detectHardware: async () => profile,
        fetch: fakeFetch(ollamaUp('qwen2.5:0.5b')),
      }),
    );
    expect(checks.find((check) => check.id === 'model')).toMatchObject({ status: 'pass', detail: 'qwen2.5:0.5b is pulled (model.name is auto: recommended for this machine)' });
  });

  it('fails the model check when auto cannot be resolved', async () => {
    const checks = await runDiagnostics(
      options(await configFile(`ollama:\n  host: ${OLLAMA}\n`), {
        detectHardware: () => new Promise(() => undefined),
        hardwareTimeoutMs: 10,
      }),
    );
    expect(checks.find((check) => check.id === 'model')).toMatchObject({ status: 'fail', detail: expect.stringContaining('hardware detection took longer than') });
  });

  it('lists every config problem at file:line:column and skips the checks that need the config', async () => {
    const path = await configFile('model:\n  temperature: 9\nserver:\n  port: nope\n');
    const checks = await runDiagnostics(options(path));
    const config = checks.find((check) => check.id === 'config')!;
    expect(config.status).toBe('fail');
    expect(config.detail).toBe(`${path} is not a valid harombe config (2 problems)`);
    expect(config.problems).toHaveLength(2);
    expect(config.problems![0]).toMatch(new RegExp(`^${path}:2:16 model.temperature: `));
    expect(config.problems![1]).toMatch(new RegExp(`^${path}:4:9 server.port: `));
    expect(statuses(checks)).toMatchObject({ ollama: 'skip', 'server-port': 'skip', sandbox: 'skip' });
  });

  it('counts config warnings (unknown keys)', async () => {
    const checks = await runDiagnostics(options(await configFile(`${baseConfig}colour: blue\n`)));
    const config = checks.find((check) => check.id === 'config')!;
    expect(config).toMatchObject({ status: 'warn', detail: expect.stringContaining('is valid, with 1 warning') });
    expect(config.problems?.[0]).toContain('colour');
  });

  it('checks every cluster node and names the one that does not answer', async () => {
    const path = await configFile(
      `${baseConfig}cluster:\n  nodes:\n    - { name: gpu-box, host: 10.0.0.5, port: 8000, model: qwen2.5:14b, tier: 1 }\n    - { name: laptop, host: 10.0.0.6, port: 11434, model: qwen2.5:7b, tier: 0, kind: ollama }\n`,
    );
    const fetch = fakeFetch({
      ...ollamaUp('qwen2.5:7b'),
      'http://10.0.0.6:11434/api/version': () => Response.json({ version: '0.6.0' }),
    });
    const checks = await runDiagnostics(options(path, { fetch }));
    expect(checks.slice(-2).map((check) => [check.name, check.status])).toEqual([
      ['node gpu-box', 'fail'],
      ['node laptop', 'pass'],
    ]);
    expect(checks.at(-2)?.detail).toContain('http://10.0.0.5:8000/health');
  });

  it('fails an old Node.js with how to upgrade', async () => {
    const checks = await runDiagnostics(options(await configFile(baseConfig), { nodeVersion: '20.19.0' }));
    expect(checks[0]).toMatchObject({ id: 'node', status: 'fail', detail: '20.19.0 is too old: harombe needs 22.12 or newer' });
  });
});
