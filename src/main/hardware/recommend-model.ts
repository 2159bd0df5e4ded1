// Picks the qwen2.5 size that fits this machine (the original harombe's table) and says why in one line.
import type { HardwareProfile, ModelRecommendation } from '../../shared';
import { APPLE_UNIFIED_MEMORY_SHARE, DISCRETE_GPU_USABLE_SHARE, credibleVram, primaryGpu } from './detect-hardware';

/** Largest model first: the first tier whose floor (GiB of usable VRAM) the machine reaches. */
export const MODEL_TIERS: readonly { minUsableGb: number; model: string }[] = [
  { minUsableGb: 80, model: 'qwen2.5:72b' },
  { minUsableGb: 40, model: 'qwen2.5:32b' },
  { minUsableGb: 20, model: 'qwen2.5:14b' },
  { minUsableGb: 12, model: 'qwen2.5:7b' },
  { minUsableGb: 6, model: 'qwen2.5:3b' },
  { minUsableGb: 3, model: 'qwen2.5:1.5b' },
];
export const SMALLEST_MODEL = 'qwen2.5:0.5b';
export const CPU_MODEL = 'qwen2.5:1.5b';
/** Below this much RAM a CPU-only machine gets the smallest model. */
export const CPU_MIN_RAM_GB = 4;

export function modelForUsableVram(usableGb: number): string {
  return MODEL_TIERS.find((tier) => usableGb >= tier.minUsableGb)?.model ?? SMALLEST_MODEL;
}

export function recommendModel(profile: HardwareProfile): ModelRecommendation {
  if (profile.kind === 'apple') {
    const usable = profile.usableVramGb ?? profile.totalMemoryGb * APPLE_UNIFIED_MEMORY_SHARE;
    const model = modelForUsableVram(usable);
    const chip = profile.gpus.find((gpu) => gpu.vendor === 'Apple')?.model ?? appleChipName(profile.cpu.brand);
    return {
      model,
      reason: `${chip}, ${sizeGb(profile.totalMemoryGb)} unified memory → ${model} (${usableGb(usable)} usable at ${percent(APPLE_UNIFIED_MEMORY_SHARE)})`,
    };
  }
  if (profile.kind === 'nvidia' || profile.kind === 'amd') {
    const gpu = primaryGpu(profile.gpus);
    const vram = gpu ? credibleVram(gpu) : null;
    const name = gpu ? `${gpu.model}${largestOf(profile, gpu.vendor)}` : `${profile.kind.toUpperCase()} GPU`;
    if (vram === null || profile.usableVramGb === null) {
      return cpuRecommendation(profile, `${name} did not report its VRAM size; treating this machine as CPU-only`, '; set model.name yourself if the card has room for more');
    }
    const model = modelForUsableVram(profile.usableVramGb);
    return {
      model,
      reason: `${name}, ${sizeGb(vram)} VRAM → ${model} (${usableGb(profile.usableVramGb)} usable at ${percent(DISCRETE_GPU_USABLE_SHARE)})`,
    };
  }
  const unused = profile.gpus[0];
  const finding = unused ? `${unused.model} is not a GPU Ollama uses; CPU-only` : 'No GPU found; CPU-only';
  return cpuRecommendation(profile, finding, '');
}

function cpuRecommendation(profile: HardwareProfile, finding: string, advice: string): ModelRecommendation {
  const ram = profile.totalMemoryGb;
  const ramText = ram > 0 ? `${sizeGb(ram)} RAM` : 'an unknown amount of RAM';
  // Unknown RAM (0) gets the usual CPU model rather than the smallest: most machines have far more than 4 GB.
  if (ram > 0 && ram < CPU_MIN_RAM_GB) {
    return { model: SMALLEST_MODEL, reason: `${finding} with ${ramText} → ${SMALLEST_MODEL} (under ${CPU_MIN_RAM_GB} GB of RAM only the smallest model fits${advice})` };
  }
  return { model: CPU_MODEL, reason: `${finding} with ${ramText} → ${CPU_MODEL} (small models keep CPU inference responsive${advice})` };
}

/**
 * The model to use: `configuredName` as it is, or the recommendation for this machine when it is `auto`
 * (the config default). Detection runs only in the `auto` case.
 */
export async function resolveModelName(configuredName: string, detect: () => Promise<HardwareProfile>): Promise<string> {
  if (configuredName.trim().toLowerCase() !== 'auto') return configuredName;
  return recommendModel(await detect()).model;
}

function largestOf(profile: HardwareProfile, vendor: string): string {
  const count = profile.gpus.filter((gpu) => gpu.vendor === vendor).length;
  return count > 1 ? ` (largest of ${count} ${vendor} GPUs)` : '';
}

function appleChipName(cpuBrand: string): string {
  return /apple/i.test(cpuBrand) ? cpuBrand : 'Apple Silicon';
}

/** A memory size as sold: "24 GB", "3.8 GB". */
export function sizeGb(value: number): string {
  const shown = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${shown} GB`;
}

/** Usable memory as detection rounded it (one decimal): "20.4 GB". */
function usableGb(value: number): string {
  return `${Math.round(value * 10) / 10} GB`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
