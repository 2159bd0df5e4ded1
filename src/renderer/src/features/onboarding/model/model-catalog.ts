// The models offered for download (the sizes the hardware recommendation picks from) and whether one fits this machine.
import type { HardwareProfile } from '../../../../../shared/hardware-schema';

export interface CatalogModel {
  name: string;
  /** Download size in bytes (Ollama's library, the default Q4_K_M quantization). */
  size: number;
  description: string;
}

export const DOWNLOADABLE_MODELS: readonly CatalogModel[] = [
  { name: 'qwen2.5:0.5b', size: 398_000_000, description: 'Tiny; for machines with little memory' },
  { name: 'qwen2.5:1.5b', size: 986_000_000, description: 'Small and quick on a CPU' },
  { name: 'qwen2.5:3b', size: 1_900_000_000, description: 'Small; good with tools on a modest GPU' },
  { name: 'qwen2.5:7b', size: 4_700_000_000, description: 'A good default with 8 GB or more of VRAM' },
  { name: 'qwen2.5:14b', size: 9_000_000_000, description: 'Stronger reasoning; 16 GB or more' },
  { name: 'qwen2.5:32b', size: 20_000_000_000, description: 'Near the best local quality; 24 GB or more' },
  { name: 'qwen2.5:72b', size: 47_000_000_000, description: 'The largest; workstation GPUs or 64 GB unified memory' },
];

/** Weights plus room for the context and the runtime: a model needs about a fifth more memory than its download. */
const MEMORY_OVERHEAD = 1.2;
const GB = 1024 ** 3;

export function memoryNeededGb(sizeBytes: number): number {
  return (sizeBytes * MEMORY_OVERHEAD) / GB;
}

/** The memory a model may fill here: the usable VRAM (or unified memory), else the RAM. */
export function usableMemoryGb(profile: HardwareProfile): number {
  return profile.usableVramGb ?? profile.totalMemoryGb;
}

export type Fit = 'fits' | 'too-big' | 'unknown';

export function fitOf(sizeBytes: number | undefined, profile: HardwareProfile | undefined): Fit {
  if (sizeBytes === undefined || !profile || usableMemoryGb(profile) <= 0) return 'unknown';
  return memoryNeededGb(sizeBytes) <= usableMemoryGb(profile) ? 'fits' : 'too-big';
}
