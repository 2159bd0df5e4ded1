// A hardware profile as a few lines a person reads (used by `harombe init` and `harombe doctor`).
import type { GpuInfo, HardwareProfile } from '../../shared';
import { sizeGb } from './recommend-model';

/** ["GPU:    NVIDIA GeForce RTX 4090, 24 GB VRAM", "CPU:    ...", "Memory: 64 GB RAM", "System: linux"] */
export function describeHardware(profile: HardwareProfile): string[] {
  const gpuLines = profile.gpus.length === 0 ? ['none found (models run on the CPU)'] : profile.gpus.map((gpu) => describeGpu(gpu, profile));
  const cpu = profile.cpu;
  const cpuParts = [cpu.brand, cpu.cores === null ? null : `${cpu.cores} ${cpu.cores === 1 ? 'core' : 'cores'}`, cpu.speedGhz === null ? null : `${cpu.speedGhz} GHz`];
  return [
    ...gpuLines.map((line, index) => `${index === 0 ? 'GPU:   ' : '       '} ${line}`),
    `CPU:    ${cpuParts.filter((part) => part !== null).join(', ')}`,
    `Memory: ${profile.totalMemoryGb > 0 ? `${sizeGb(profile.totalMemoryGb)} RAM` : 'unknown'}`,
    `System: ${profile.platform}`,
  ];
}

function describeGpu(gpu: GpuInfo, profile: HardwareProfile): string {
  if (profile.kind === 'apple' && gpu.vendor === 'Apple') return `${gpu.model}, unified memory (shares the RAM)`;
  return gpu.vramGb === null ? `${gpu.model}, VRAM not reported` : `${gpu.model}, ${sizeGb(gpu.vramGb)} VRAM`;
}
