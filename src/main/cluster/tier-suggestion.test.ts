import { describe, expect, it } from 'vitest';
import type { HardwareProfile } from '../../shared';
import { parseModelParams, suggestTiers, summarizeHardware, type HardwareSummary } from './tier-suggestion';

const PROFILES: Record<string, HardwareSummary> = {
  'M-series 16 GB': { kind: 'apple', gpuMemoryGb: null, ramGb: 16 },
  'M-series 64 GB': { kind: 'apple', gpuMemoryGb: null, ramGb: 64 },
  'M-series 128 GB': { kind: 'apple', gpuMemoryGb: null, ramGb: 128 },
  'RTX 3060 12 GB': { kind: 'nvidia', gpuMemoryGb: 12, ramGb: 32 },
  'RTX 4090 24 GB': { kind: 'nvidia', gpuMemoryGb: 24, ramGb: 64 },
  '2×A100 80 GB': { kind: 'nvidia', gpuMemoryGb: 160, ramGb: 512 },
  'CPU-only 16 GB': { kind: 'cpu', gpuMemoryGb: null, ramGb: 16 },
};

// [profile, model, expected tier, what the reason must say]
const TABLE: [string, string, number, RegExp][] = [
  ['M-series 16 GB', 'qwen2.5:1.5b', 0, /runs in 16 GB of Apple Silicon unified memory at ~67 tokens\/s: a fast-tier model/],
  ['M-series 16 GB', 'qwen2.5:7b', 1, /runs in 16 GB of Apple Silicon unified memory at ~14 tokens\/s: a medium-tier model/],
  ['M-series 16 GB', 'qwen2.5:14b', 1, /at ~7.1 tokens\/s: a medium-tier model/],
  ['M-series 16 GB', 'qwen2.5:32b', 1, /does not fit in 16 GB of Apple Silicon unified memory; a model up to ~18B fits, a tier 1 model/],
  ['M-series 16 GB', 'qwen2.5:72b', 1, /\(~43 GB\) does not fit/],
  ['M-series 64 GB', 'qwen2.5:3b', 0, /Max-class bandwidth\) at ~133 tokens\/s: a fast-tier model/],
  ['M-series 64 GB', 'qwen2.5:32b', 2, /at ~13 tokens\/s: a powerful-tier model/],
  ['M-series 64 GB', 'qwen2.5:72b', 2, /runs in 64 GB of Apple Silicon unified memory \(Max-class bandwidth\) at ~5.6 tokens\/s: a powerful-tier model/],
  ['M-series 128 GB', 'qwen2.5:14b', 1, /a medium-tier model/],
  ['M-series 128 GB', 'qwen2.5:72b', 2, /runs in 128 GB of Apple Silicon unified memory .* a powerful-tier model/],
  ['RTX 3060 12 GB', 'qwen2.5:1.5b', 0, /runs in 12 GB of NVIDIA VRAM .* a fast-tier model/],
  ['RTX 3060 12 GB', 'qwen2.5:7b', 1, /runs in 12 GB of NVIDIA VRAM at ~51 tokens\/s: a medium-tier model/],
  ['RTX 3060 12 GB', 'qwen2.5:14b', 1, /at ~26 tokens\/s: a medium-tier model/],
  ['RTX 3060 12 GB', 'qwen2.5:32b', 1, /runs partly in RAM \(past the 10 GB usable of 12 GB of NVIDIA VRAM\) at ~2.8 tokens\/s, too slow to chat with; a model up to ~15B fits, a tier 1 model/],
  ['RTX 3060 12 GB', 'qwen2.5:72b', 1, /does not fit in 12 GB of NVIDIA VRAM; a model up to ~15B fits/],
  ['RTX 4090 24 GB', 'qwen2.5:3b', 0, /a fast-tier model/],
  ['RTX 4090 24 GB', 'qwen2.5:14b', 1, /at ~64 tokens\/s: a medium-tier model/],
  ['RTX 4090 24 GB', 'qwen2.5:32b', 2, /runs in 24 GB of NVIDIA VRAM at ~28 tokens\/s: a powerful-tier model/],
  ['RTX 4090 24 GB', 'qwen2.5:72b', 2, /partly in RAM .* too slow to chat with; a model up to ~32B fits, a tier 2 model/],
  ['2×A100 80 GB', 'qwen2.5:1.5b', 0, /a fast-tier model/],
  ['2×A100 80 GB', 'qwen2.5:7b', 1, /a medium-tier model/],
  ['2×A100 80 GB', 'qwen2.5:72b', 2, /runs in 160 GB of NVIDIA VRAM at ~21 tokens\/s: a powerful-tier model/],
  ['CPU-only 16 GB', 'qwen2.5:1.5b', 0, /runs in 16 GB RAM \(CPU only\) at ~33 tokens\/s: a fast-tier model/],
  ['CPU-only 16 GB', 'qwen2.5:3b', 0, /at ~17 tokens\/s: a fast-tier model/],
  ['CPU-only 16 GB', 'qwen2.5:7b', 1, /at ~7.1 tokens\/s: a medium-tier model/],
  ['CPU-only 16 GB', 'qwen2.5:14b', 1, /at ~3.6 tokens\/s: a medium-tier model/],
  ['CPU-only 16 GB', 'qwen2.5:72b', 1, /does not fit in 16 GB RAM \(CPU only\)/],
];

describe('suggestTiers', () => {
  it.each(TABLE)('%s serving %s: tier %i', (profile, model, tier, reason) => {
    const [suggestion] = suggestTiers([{ name: 'node', model, hardware: PROFILES[profile]! }]);
    expect(suggestion!.suggested).toBe(tier);
    expect(suggestion!.tier).toBe(tier);
    expect(suggestion!.configured).toBeNull();
    expect(suggestion!.reason).toMatch(reason);
  });

  it('keeps a configured tier, while still saying what it would suggest and why', () => {
    const [kept, free] = suggestTiers([
      { name: 'laptop', model: 'qwen2.5:72b', hardware: PROFILES['RTX 4090 24 GB']!, configuredTier: 0 },
      { name: 'gpu', model: 'qwen2.5:72b', hardware: PROFILES['2×A100 80 GB']! },
    ]);
    expect(kept).toMatchObject({ name: 'laptop', configured: 0, tier: 0, suggested: 2 });
    expect(kept!.reason).toMatch(/too slow to chat with/);
    expect(free).toMatchObject({ name: 'gpu', configured: null, tier: 2, suggested: 2 });
  });

  it('judges memory from the model size on disk when it is known, and says when the hardware or model is unknown', () => {
    // 20 GB on disk: more than a 3060 holds, whatever the name says.
    const [bySize] = suggestTiers([{ name: 'a', model: 'custom', modelBytes: 20e9, hardware: PROFILES['RTX 3060 12 GB']! }]);
    expect(bySize!.reason).toMatch(/^custom \(~20 GB\) runs partly in RAM/);
    const [noHardware, nothing, noSize] = suggestTiers([
      { name: 'b', model: 'qwen2.5:14b' },
      { name: 'c' },
      { name: 'd', model: 'llama3', hardware: PROFILES['RTX 4090 24 GB']! },
    ]);
    expect(noHardware).toMatchObject({ suggested: 1, reason: "qwen2.5:14b (14B) is a medium-tier model; the machine's hardware is unknown" });
    expect(nothing).toMatchObject({ suggested: 0, reason: 'the size of its model and the machine are unknown: tier 0 until it is measured' });
    expect(noSize).toMatchObject({ suggested: 2, reason: '24 GB of NVIDIA VRAM runs models up to ~32B (the size of llama3 is unknown)' });
  });
});

describe('parseModelParams', () => {
  it('reads the size from Ollama-style names', () => {
    expect(parseModelParams('qwen2.5:14b')).toBe(14);
    expect(parseModelParams('qwen2.5-coder:1.5b-instruct-q4_K_M')).toBe(1.5);
    expect(parseModelParams('mixtral:8x7b')).toBe(56);
    expect(parseModelParams('smollm:135m')).toBeCloseTo(0.135);
    expect(parseModelParams('Qwen/Qwen2.5-72B-Instruct')).toBe(72);
    expect(parseModelParams('llama3')).toBeUndefined();
  });
});

describe('summarizeHardware', () => {
  const cpu = { brand: 'x', cores: 8, speedGhz: null };
  it('adds up the GPUs of a discrete machine and leaves unified memory as RAM', () => {
    const twoA100: HardwareProfile = {
      kind: 'nvidia',
      gpus: [{ vendor: 'NVIDIA', model: 'A100', vramGb: 80 }, { vendor: 'NVIDIA', model: 'A100', vramGb: 80 }],
      totalMemoryGb: 512,
      usableVramGb: 68,
      cpu,
      platform: 'linux',
    };
    expect(summarizeHardware(twoA100)).toEqual({ kind: 'nvidia', gpuMemoryGb: 160, ramGb: 512 });
    expect(summarizeHardware({ ...twoA100, kind: 'apple', gpus: [{ vendor: 'Apple', model: 'M3 Max', vramGb: null }], totalMemoryGb: 64 })).toEqual({ kind: 'apple', gpuMemoryGb: null, ramGb: 64 });
  });
});
