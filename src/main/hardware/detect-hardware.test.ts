import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hardwareProfileSchema } from '../../shared';
import { detectHardware } from './detect-hardware';
import { readLinuxAmdVram, recordedSources, type HardwareRecording } from './hardware-sources';
import { recommendModel } from './recommend-model';
import linuxAmdLspciWindow from './fixtures/linux-amd-lspci-window.json';
import linuxAmdVramMissing from './fixtures/linux-amd-vram-missing.json';
import linuxCpuOnlyVm from './fixtures/linux-cpu-only-vm.json';
import macM2Pro from './fixtures/mac-m2-pro-32gb.json';
import pcAmdRx7900Xtx from './fixtures/pc-amd-rx-7900-xtx.json';
import pcNvidiaRtx4090 from './fixtures/pc-nvidia-rtx-4090.json';

async function detect(recording: unknown) {
  const profile = await detectHardware(recordedSources(recording as HardwareRecording));
  // Whatever was detected must be servable as-is by GET /hardware.
  return hardwareProfileSchema.parse(profile);
}

describe('detectHardware on recorded machines', () => {
  it('treats an Apple Silicon Mac as unified memory, 75% of RAM usable', async () => {
    const profile = await detect(macM2Pro);
    expect(profile).toEqual({
      kind: 'apple',
      gpus: [{ vendor: 'Apple', model: 'Apple M2 Pro', vramGb: null }],
      totalMemoryGb: 32,
      usableVramGb: 24,
      cpu: { brand: 'Apple M2 Pro', cores: 12, speedGhz: 3.49 },
      platform: 'darwin',
    });
  });

  it('sizes an NVIDIA PC by its card (85% of VRAM) and ignores the integrated Intel GPU', async () => {
    const profile = await detect(pcNvidiaRtx4090);
    expect(profile.kind).toBe('nvidia');
    expect(profile.gpus).toEqual([
      { vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4090', vramGb: 23.99 },
      { vendor: 'Intel', model: 'Intel(R) UHD Graphics 770', vramGb: 0.13 },
    ]);
    expect(profile.usableVramGb).toBe(20.4);
    expect(profile.cpu).toEqual({ brand: 'Intel Core™ i9-13900K', cores: 32, speedGhz: 3 });
    expect(profile.platform).toBe('Windows');
  });

  it('reads an AMD card with its VRAM', async () => {
    const profile = await detect(pcAmdRx7900Xtx);
    expect(profile.kind).toBe('amd');
    expect(profile.gpus).toEqual([{ vendor: 'AMD', model: 'AMD Radeon RX 7900 XTX', vramGb: 23.98 }]);
    expect(profile.usableVramGb).toBe(20.4);
  });

  it('keeps an AMD card whose VRAM is missing, with no usable size, and names it by its marketing name', async () => {
    const profile = await detect(linuxAmdVramMissing);
    expect(profile.kind).toBe('amd');
    expect(profile.gpus).toEqual([{ vendor: 'AMD', model: 'AMD Radeon RX 7900 XT/7900 XTX', vramGb: null }]);
    expect(profile.usableVramGb).toBeNull();
  });

  it("prefers the amdgpu driver's VRAM over the 256 MB PCI window lspci reports", async () => {
    const profile = await detect(linuxAmdLspciWindow);
    expect(profile.gpus[0]?.vramGb).toBe(23.98);
    expect(profile.usableVramGb).toBe(20.4);
  });

  it('falls back to the CPU when there are no graphics controllers, and reads a CPU speed of 0 as unknown', async () => {
    const profile = await detect(linuxCpuOnlyVm);
    expect(profile).toEqual({
      kind: 'cpu',
      gpus: [],
      totalMemoryGb: 23.54,
      usableVramGb: 23.54,
      cpu: { brand: 'AMD EPYC', cores: 2, speedGhz: null },
      platform: 'linux',
    });
  });
});

describe('detectHardware on incomplete or failing sources', () => {
  it('returns a CPU profile when every source is empty', async () => {
    const profile = await detect({});
    expect(profile).toEqual({
      kind: 'cpu',
      gpus: [],
      totalMemoryGb: 0,
      usableVramGb: 0,
      cpu: { brand: 'Unknown CPU', cores: null, speedGhz: null },
      platform: 'unknown',
    });
  });

  it('survives sources that throw or reject', async () => {
    const failing = () => {
      throw new Error('lspci: command not found');
    };
    const profile = await detectHardware({
      si: { graphics: failing, mem: () => Promise.reject(new Error('no /proc')), cpu: failing, osInfo: async () => ({ platform: 'linux' }) },
      amdVram: failing,
    });
    expect(profile.kind).toBe('cpu');
    expect(profile.platform).toBe('linux');
  });

  it('copes with a controller that has no vendor, model or VRAM fields', async () => {
    const profile = await detect({ graphics: { controllers: [{}] }, mem: { total: 8 * 1024 ** 3 }, osInfo: { platform: 'linux' } });
    expect(profile.kind).toBe('cpu');
    expect(profile.gpus).toEqual([{ vendor: 'Unknown', model: 'Unknown GPU', vramGb: null }]);
  });

  it('uses the CPU on an Intel Mac even though it has an AMD GPU (Ollama has no backend for it on macOS)', async () => {
    const profile = await detect({
      graphics: { controllers: [{ vendor: 'AMD', model: 'AMD Radeon Pro 5500M', vram: 8192 }] },
      cpu: { manufacturer: 'Intel', brand: 'Core™ i9-9880H' },
      mem: { total: 16 * 1024 ** 3 },
      osInfo: { platform: 'darwin', arch: 'x64' },
    });
    expect(profile.kind).toBe('cpu');
    expect(profile.usableVramGb).toBe(16);
  });

  it('recognises Apple Silicon from the chip even when Node runs under Rosetta (arch x64)', async () => {
    const profile = await detect({ cpu: { manufacturer: 'Apple', brand: 'M1' }, mem: { total: 16 * 1024 ** 3 }, osInfo: { platform: 'darwin', arch: 'x64' } });
    expect(profile.kind).toBe('apple');
    expect(profile.usableVramGb).toBe(12);
  });

  it('sizes a multi-GPU machine by its largest card, not the sum', async () => {
    const profile = await detect({
      graphics: {
        controllers: [
          { vendor: 'NVIDIA Corporation', model: 'GA106 [GeForce RTX 3060]', memoryTotal: 12288 },
          { vendor: 'NVIDIA Corporation', model: 'AD102 [GeForce RTX 4090]', memoryTotal: 24576 },
        ],
      },
      osInfo: { platform: 'linux' },
    });
    expect(profile.gpus.map((gpu) => gpu.model)).toEqual(['NVIDIA GeForce RTX 3060', 'NVIDIA GeForce RTX 4090']);
    expect(profile.usableVramGb).toBe(20.4);
  });
});

describe('detectHardware on this machine', () => {
  // Any machine: a Mac, a GPU box or this CPU-only VM. What kind it is belongs to the recorded machines above.
  it('reads the real machine without throwing into a profile GET /hardware can serve and a model can be chosen from', async () => {
    const profile = hardwareProfileSchema.parse(await detectHardware());
    expect(profile.totalMemoryGb).toBeGreaterThan(0);
    expect(recommendModel(profile).model).toMatch(/^qwen2\.5:/);
  });
});

describe('readLinuxAmdVram', () => {
  let drm: string;
  beforeEach(async () => {
    drm = await mkdtemp(join(tmpdir(), 'harombe-drm-'));
    await mkdir(join(drm, 'card0', 'device'), { recursive: true });
    await writeFile(join(drm, 'card0', 'device', 'mem_info_vram_total'), `${24 * 1024 ** 3}\n`);
    // A card the amdgpu driver does not manage has no counter, and a renderD node is not a card.
    await mkdir(join(drm, 'card1', 'device'), { recursive: true });
    await mkdir(join(drm, 'renderD128'), { recursive: true });
  });
  afterEach(async () => {
    await rm(drm, { recursive: true, force: true });
  });

  it("reads each amdgpu card's VRAM counter on Linux", async () => {
    const readings = await readLinuxAmdVram(drm, 'linux');
    expect(readings).toEqual([{ busAddress: 'device', bytes: 24 * 1024 ** 3 }]);
  });

  it('reads nothing on macOS or Windows, whatever the folder holds', async () => {
    expect(await readLinuxAmdVram(drm, 'darwin')).toEqual([]);
    expect(await readLinuxAmdVram(drm, 'win32')).toEqual([]);
  });
});
