import { describe, expect, it, vi } from 'vitest';
import { modelRecommendationSchema, type HardwareProfile } from '../../shared';
import { detectHardware } from './detect-hardware';
import { recordedSources, type HardwareRecording } from './hardware-sources';
import { modelForUsableVram, recommendModel, resolveModelName } from './recommend-model';
import linuxAmdVramMissing from './fixtures/linux-amd-vram-missing.json';
import linuxCpuOnlyVm from './fixtures/linux-cpu-only-vm.json';
import macM2Pro from './fixtures/mac-m2-pro-32gb.json';
import pcAmdRx7900Xtx from './fixtures/pc-amd-rx-7900-xtx.json';
import pcNvidiaRtx4090 from './fixtures/pc-nvidia-rtx-4090.json';

async function recommendFor(recording: unknown) {
  const profile = await detectHardware(recordedSources(recording as HardwareRecording));
  return modelRecommendationSchema.parse(recommendModel(profile));
}

function cpuProfile(totalMemoryGb: number): HardwareProfile {
  return { kind: 'cpu', gpus: [], totalMemoryGb, usableVramGb: totalMemoryGb, cpu: { brand: 'AMD EPYC', cores: 2, speedGhz: null }, platform: 'linux' };
}

function nvidiaProfile(vramGb: number, usableVramGb: number): HardwareProfile {
  return {
    kind: 'nvidia',
    gpus: [{ vendor: 'NVIDIA', model: 'NVIDIA GeForce GTX 1650', vramGb }],
    totalMemoryGb: 16,
    usableVramGb,
    cpu: { brand: 'Intel Core i5', cores: 8, speedGhz: 2.9 },
    platform: 'linux',
  };
}

describe('recommendModel on recorded machines', () => {
  it('Mac with 32 GB (Apple M2 Pro) → qwen2.5:14b', async () => {
    expect(await recommendFor(macM2Pro)).toEqual({
      model: 'qwen2.5:14b',
      reason: 'Apple M2 Pro, 32 GB unified memory → qwen2.5:14b (24 GB usable at 75%)',
    });
  });

  it('PC with a 24 GB RTX 4090 → qwen2.5:14b', async () => {
    expect(await recommendFor(pcNvidiaRtx4090)).toEqual({
      model: 'qwen2.5:14b',
      reason: 'NVIDIA GeForce RTX 4090, 24 GB VRAM → qwen2.5:14b (20.4 GB usable at 85%)',
    });
  });

  it('PC with a 24 GB Radeon RX 7900 XTX → qwen2.5:14b', async () => {
    expect(await recommendFor(pcAmdRx7900Xtx)).toEqual({
      model: 'qwen2.5:14b',
      reason: 'AMD Radeon RX 7900 XTX, 24 GB VRAM → qwen2.5:14b (20.4 GB usable at 85%)',
    });
  });

  it('AMD card without a VRAM size → the CPU model, saying why and what to do', async () => {
    expect(await recommendFor(linuxAmdVramMissing)).toEqual({
      model: 'qwen2.5:1.5b',
      reason:
        'AMD Radeon RX 7900 XT/7900 XTX did not report its VRAM size; treating this machine as CPU-only with 31 GB RAM → qwen2.5:1.5b ' +
        '(small models keep CPU inference responsive; set model.name yourself if the card has room for more)',
    });
  });

  it('CPU-only VM (speed 0, no graphics controllers) → qwen2.5:1.5b', async () => {
    expect(await recommendFor(linuxCpuOnlyVm)).toEqual({
      model: 'qwen2.5:1.5b',
      reason: 'No GPU found; CPU-only with 24 GB RAM → qwen2.5:1.5b (small models keep CPU inference responsive)',
    });
  });
});

describe('recommendModel rules', () => {
  it.each([
    [80, 'qwen2.5:72b'],
    [79.9, 'qwen2.5:32b'],
    [40, 'qwen2.5:32b'],
    [39.9, 'qwen2.5:14b'],
    [20, 'qwen2.5:14b'],
    [19.9, 'qwen2.5:7b'],
    [12, 'qwen2.5:7b'],
    [6, 'qwen2.5:3b'],
    [5.9, 'qwen2.5:1.5b'],
    [3, 'qwen2.5:1.5b'],
    [2.9, 'qwen2.5:0.5b'],
    [0, 'qwen2.5:0.5b'],
  ])('%s GB of usable VRAM → %s', (usable, model) => {
    expect(modelForUsableVram(usable)).toBe(model);
  });

  it('a 4 GB card → qwen2.5:1.5b; a 2 GB card → qwen2.5:0.5b', () => {
    expect(recommendModel(nvidiaProfile(4, 3.4))).toEqual({
      model: 'qwen2.5:1.5b',
      reason: 'NVIDIA GeForce GTX 1650, 4 GB VRAM → qwen2.5:1.5b (3.4 GB usable at 85%)',
    });
    expect(recommendModel(nvidiaProfile(2, 1.7)).model).toBe('qwen2.5:0.5b');
  });

  it('CPU-only with less than 4 GB of RAM → qwen2.5:0.5b', () => {
    expect(recommendModel(cpuProfile(3.8))).toEqual({
      model: 'qwen2.5:0.5b',
      reason: 'No GPU found; CPU-only with 3.8 GB RAM → qwen2.5:0.5b (under 4 GB of RAM only the smallest model fits)',
    });
    expect(recommendModel(cpuProfile(4)).model).toBe('qwen2.5:1.5b');
  });

  it('CPU-only with unknown RAM → the usual CPU model, saying the RAM is unknown', () => {
    expect(recommendModel(cpuProfile(0)).reason).toBe('No GPU found; CPU-only with an unknown amount of RAM → qwen2.5:1.5b (small models keep CPU inference responsive)');
  });

  it('names a GPU Ollama does not use instead of claiming there is none', () => {
    const profile = { ...cpuProfile(16), gpus: [{ vendor: 'Intel', model: 'Intel Arc A770', vramGb: 16 }] };
    expect(recommendModel(profile).reason).toBe('Intel Arc A770 is not a GPU Ollama uses; CPU-only with 16 GB RAM → qwen2.5:1.5b (small models keep CPU inference responsive)');
  });

  it('says which of several cards it sized the model for', () => {
    const profile: HardwareProfile = {
      ...nvidiaProfile(12, 20.4),
      gpus: [
        { vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 3060', vramGb: 12 },
        { vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4090', vramGb: 24 },
      ],
    };
    expect(recommendModel(profile).reason).toBe(
      'NVIDIA GeForce RTX 4090 (largest of 2 NVIDIA GPUs), 24 GB VRAM → qwen2.5:14b (20.4 GB usable at 85%)',
    );
  });
});

describe('resolveModelName', () => {
  it('keeps a configured name without detecting anything', async () => {
    const detect = vi.fn(async () => cpuProfile(24));
    expect(await resolveModelName('llama3.2:3b', detect)).toBe('llama3.2:3b');
    expect(detect).not.toHaveBeenCalled();
  });

  it('turns auto into the recommendation for the detected machine', async () => {
    const detect = vi.fn(async () => cpuProfile(2));
    expect(await resolveModelName('auto', detect)).toBe('qwen2.5:0.5b');
    expect(await resolveModelName(' AUTO ', async () => nvidiaProfile(24, 20.4))).toBe('qwen2.5:14b');
    expect(detect).toHaveBeenCalledOnce();
  });
});
