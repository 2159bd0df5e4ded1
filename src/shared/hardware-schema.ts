// What harombe found on this machine (GPU kind, VRAM, RAM, CPU) and the model it recommends; served by GET /hardware.
import { z } from 'zod';

/** Which accelerator Ollama will use: Apple Silicon (Metal), an NVIDIA (CUDA) or AMD (ROCm) card, or none. */
export const hardwareKindSchema = z.enum(['apple', 'nvidia', 'amd', 'cpu']);

export const gpuInfoSchema = z.object({
  /** Short vendor name: NVIDIA, AMD, Apple, Intel, or what the system reported. */
  vendor: z.string(),
  /** The name a person knows the card by, e.g. "NVIDIA GeForce RTX 4090". */
  model: z.string(),
  /** Dedicated memory in GiB; null when the system did not report it (and for Apple's unified memory). */
  vramGb: z.number().nonnegative().nullable(),
});

export const cpuInfoSchema = z.object({
  brand: z.string(),
  /** Logical cores; null when unknown. */
  cores: z.number().int().positive().nullable(),
  /** Base clock in GHz; null when the system reports 0 (common in VMs). */
  speedGhz: z.number().positive().nullable(),
});

export const hardwareProfileSchema = z.object({
  kind: hardwareKindSchema,
  gpus: z.array(gpuInfoSchema),
  /** RAM in GiB. */
  totalMemoryGb: z.number().nonnegative(),
  /**
   * GiB a model may fill: 85% of the largest GPU's VRAM, 75% of unified memory on Apple Silicon, RAM when CPU-only;
   * null when a GPU was found but did not report its memory.
   */
  usableVramGb: z.number().nonnegative().nullable(),
  cpu: cpuInfoSchema,
  /** Operating system as reported (linux, darwin, Windows...). */
  platform: z.string(),
});

export const modelRecommendationSchema = z.object({
  /** An Ollama model name, e.g. qwen2.5:7b. */
  model: z.string().min(1),
  /** One line a person understands: what was found and why this model. */
  reason: z.string().min(1),
});

export type HardwareKind = z.infer<typeof hardwareKindSchema>;
export type GpuInfo = z.infer<typeof gpuInfoSchema>;
export type CpuInfo = z.infer<typeof cpuInfoSchema>;
export type HardwareProfile = z.infer<typeof hardwareProfileSchema>;
export type ModelRecommendation = z.infer<typeof modelRecommendationSchema>;
