// The TXT contract: what a node announces, and which announcements a browser accepts.
import { describe, expect, it } from 'vitest';
import { describeTxtProblem, discoveryTxtSchema, encodeDiscoveryTxt, hardwareFromTxt } from './discovery-txt';

describe('discovery TXT record', () => {
  it('round-trips what an advertiser encodes', () => {
    const txt = encodeDiscoveryTxt({ name: 'studio', model: 'qwen2.5:14b', tier: 2, version: '0.1.0', kind: 'harombe' });
    expect(txt).toEqual({ name: 'studio', model: 'qwen2.5:14b', tier: '2', version: '0.1.0', kind: 'harombe' });
    expect(discoveryTxtSchema.parse(txt)).toEqual({ name: 'studio', model: 'qwen2.5:14b', tier: 2, version: '0.1.0', kind: 'harombe' });
  });

  it('carries a compact hardware summary (GPU kind, GPU memory, RAM, model size) that a browser reads back', () => {
    const txt = encodeDiscoveryTxt({
      name: 'studio',
      model: 'qwen2.5:14b',
      tier: 1,
      version: '0.1.0',
      kind: 'harombe',
      hardware: { kind: 'nvidia', gpuMemoryGb: 23.99, ramGb: 62.7 },
      modelBytes: 8_988_110_298,
    });
    expect(txt).toMatchObject({ gpu: 'nvidia', gpu_gb: '24', ram_gb: '62.7', model_gb: '9' });
    expect(hardwareFromTxt(discoveryTxtSchema.parse(txt))).toEqual({ hardware: { kind: 'nvidia', gpuMemoryGb: 24, ramGb: 62.7 }, modelBytes: 9e9 });
    // Apple's unified memory has no separate GPU figure.
    const apple = encodeDiscoveryTxt({ name: 'mac', model: 'm', tier: 0, version: '1', kind: 'harombe', hardware: { kind: 'apple', gpuMemoryGb: null, ramGb: 128 } });
    expect(apple).not.toHaveProperty('gpu_gb');
    expect(hardwareFromTxt(discoveryTxtSchema.parse(apple))).toEqual({ hardware: { kind: 'apple', gpuMemoryGb: null, ramGb: 128 } });
  });

  it('stays within TXT limits: each entry under 255 bytes, the hardware adding under 60 bytes to the record', () => {
    const base = { name: 'n'.repeat(63), model: 'hf.co/bartowski/Qwen2.5-72B-Instruct-GGUF:Q4_K_M', tier: 2, version: '10.20.30', kind: 'harombe' as const };
    const bytes = (txt: Record<string, string>) => Object.entries(txt).map(([key, value]) => Buffer.byteLength(`${key}=${value}`) + 1);
    const full = encodeDiscoveryTxt({ ...base, hardware: { kind: 'nvidia', gpuMemoryGb: 1234.56, ramGb: 2048.04 }, modelBytes: 123_456_000_000 });
    expect(Math.max(...bytes(full))).toBeLessThan(255);
    const added = bytes(full).reduce((a, b) => a + b, 0) - bytes(encodeDiscoveryTxt(base)).reduce((a, b) => a + b, 0);
    expect(added).toBeLessThan(60);
  });

  it('drops a malformed hardware key instead of the announcement', () => {
    const txt = discoveryTxtSchema.parse({ name: 'x', model: 'y', tier: '1', gpu: 'quantum', ram_gb: 'lots', model_gb: '4.7' });
    expect(txt).toMatchObject({ name: 'x', tier: 1 });
    expect(hardwareFromTxt(txt)).toEqual({ modelBytes: 4.7e9 });
  });

  it('accepts a hand-made announcement with only name, model and tier, as a harombe node', () => {
    expect(discoveryTxtSchema.parse({ name: 'x', model: 'y', tier: '1', extra: 'ignored' })).toEqual({
      name: 'x',
      model: 'y',
      tier: 1,
      kind: 'harombe',
    });
  });

  it.each([
    [{ name: 'x', model: 'y', tier: '3' }, 'tier'],
    [{ name: 'x', model: 'y', tier: 'banana' }, 'tier'],
    [{ name: 'x', model: 'y', tier: '' }, 'tier'],
    [{ name: 'x', tier: '1' }, 'model'],
    [{ name: ' ', model: 'y', tier: '1' }, 'name'],
    [{ name: 'x', model: 'y', tier: '1', kind: 'mainframe' }, 'kind'],
  ])('rejects %j and names the bad key', (txt, key) => {
    const result = discoveryTxtSchema.safeParse(txt);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeTxtProblem(result.error)).toMatch(new RegExp(`^${key}: `));
  });
});
