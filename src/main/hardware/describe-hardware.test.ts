import { describe, expect, it } from 'vitest';
import { describeHardware } from './describe-hardware';

describe('describeHardware', () => {
  it('lists each GPU, the CPU, RAM and system', () => {
    expect(
      describeHardware({
        kind: 'nvidia',
        gpus: [
          { vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4090', vramGb: 23.99 },
          { vendor: 'Intel', model: 'Intel(R) UHD Graphics 770', vramGb: null },
        ],
        totalMemoryGb: 63.84,
        usableVramGb: 20.4,
        cpu: { brand: 'Intel Core™ i9-13900K', cores: 32, speedGhz: 3 },
        platform: 'Windows',
      }),
    ).toEqual([
      'GPU:    NVIDIA GeForce RTX 4090, 24 GB VRAM',
      '        Intel(R) UHD Graphics 770, VRAM not reported',
      'CPU:    Intel Core™ i9-13900K, 32 cores, 3 GHz',
      'Memory: 64 GB RAM',
      'System: Windows',
    ]);
  });

  it('says unified memory on Apple Silicon and leaves out what is unknown', () => {
    expect(
      describeHardware({
        kind: 'apple',
        gpus: [{ vendor: 'Apple', model: 'Apple M2 Pro', vramGb: null }],
        totalMemoryGb: 32,
        usableVramGb: 24,
        cpu: { brand: 'Apple M2 Pro', cores: null, speedGhz: null },
        platform: 'darwin',
      }),
    ).toEqual(['GPU:    Apple M2 Pro, unified memory (shares the RAM)', 'CPU:    Apple M2 Pro', 'Memory: 32 GB RAM', 'System: darwin']);
  });

  it('says when no GPU was found', () => {
    const lines = describeHardware({ kind: 'cpu', gpus: [], totalMemoryGb: 0, usableVramGb: 0, cpu: { brand: 'AMD EPYC', cores: 1, speedGhz: null }, platform: 'linux' });
    expect(lines).toEqual(['GPU:    none found (models run on the CPU)', 'CPU:    AMD EPYC, 1 core', 'Memory: unknown', 'System: linux']);
  });
});
