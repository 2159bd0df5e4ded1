// suggestTiers: which tier (0 fast … 2 powerful) each node fits, from its model's size and its hardware, with why.
import type { HardwareKind, HardwareProfile } from '../../shared';
import { APPLE_UNIFIED_MEMORY_SHARE, DISCRETE_GPU_USABLE_SHARE } from '../hardware';

/** What a node says about its machine (GET /hardware, or the mDNS TXT record's compact form). */
export interface HardwareSummary {
  kind: HardwareKind;
  /** Dedicated GPU memory in GiB, all cards together; null for Apple's unified memory, CPU-only, or unreported. */
  gpuMemoryGb: number | null;
  /** RAM in GiB (on Apple Silicon: the unified memory). */
  ramGb: number;
}

export interface TierCandidate {
  name: string;
  /** The model it serves, e.g. `qwen2.5:14b`: its size in parameters is read from the tag when not given. */
  model?: string;
  /** Parameters in billions, when known better than the model's name says. */
  paramsB?: number;
  /** The model's size on disk in bytes (Ollama's `size`), when known: memory is judged from it. */
  modelBytes?: number;
  hardware?: HardwareSummary;
  /** The tier the person configured: it always wins. */
  configuredTier?: number;
}

export interface TierSuggestion {
  name: string;
  /** The tier the hardware and model suggest. */
  suggested: 0 | 1 | 2;
  /** One line: why. */
  reason: string;
  /** The tier in force: the configured one when there is one, else the suggestion. */
  tier: number;
  configured: number | null;
}

/** 4-bit quantised weights (Ollama's default q4_K_M) take about 0.6 GB per billion parameters. */
const GB_PER_BILLION_PARAMS = 0.6;
/** Context cache and runtime buffers on top of the weights, at the default context length. */
const OVERHEAD_GB = 1;
/** Tokens a second below this make a chat wait too long for a useful answer. */
const TOO_SLOW_TOKENS_PER_SECOND = 3;
/** A share of the memory bandwidth a generation step really gets. */
const BANDWIDTH_EFFICIENCY = 0.6;
/** RAM the operating system and other programs keep when a model spills out of a GPU (or runs on the CPU). */
const RAM_USABLE_SHARE = 0.75;
const CPU_BANDWIDTH_GBS = 50;

const TIER_WORDS = ['fast', 'medium', 'powerful'] as const;

/** Parameters in billions from an Ollama-style name: `qwen2.5:14b` → 14, `qwen2.5-coder:1.5b` → 1.5, `mixtral:8x7b` → 56. */
export function parseModelParams(model: string): number | undefined {
  const match = /(?:^|[:\-_/])(?:(\d+)x)?(\d+(?:\.\d+)?)([bm])(?![a-z])/i.exec(model.toLowerCase());
  if (!match) return undefined;
  const size = Number(match[2]) * (match[1] ? Number(match[1]) : 1);
  return match[3] === 'm' ? size / 1000 : size;
}

/** The tier a model of this size is for: under 7B quick answers, under 30B medium work, from 30B hard questions. */
function capabilityTier(paramsB: number): 0 | 1 | 2 {
  if (paramsB >= 30) return 2;
  return paramsB >= 7 ? 1 : 0;
}

/** Memory bandwidth in GB/s by class: what decides how fast a model that fits answers. */
function bandwidthGbs(hardware: HardwareSummary): { gbs: number; words: string } {
  switch (hardware.kind) {
    case 'apple':
      // M base ~100, Pro ~200, Max ~400, Ultra ~800 GB/s: the larger memories come with the wider chips.
      if (hardware.ramGb > 128) return { gbs: 800, words: ' (Ultra-class bandwidth)' };
      if (hardware.ramGb > 48) return { gbs: 400, words: ' (Max-class bandwidth)' };
      if (hardware.ramGb > 24) return { gbs: 200, words: ' (Pro-class bandwidth)' };
      return { gbs: 100, words: '' };
    case 'nvidia':
    case 'amd': {
      const vram = hardware.gpuMemoryGb ?? 0;
      // Cards with more memory per card have wider buses (a 3060 ~360, a 4090 ~1000, an A100 ~2000 GB/s).
      const gbs = vram >= 64 ? 1500 : vram >= 20 ? 900 : vram >= 16 ? 600 : 360;
      return { gbs, words: '' };
    }
    case 'cpu':
      return { gbs: CPU_BANDWIDTH_GBS, words: ' (CPU only)' };
  }
}

/** GiB a model may fill in fast memory (VRAM or unified memory), and in RAM besides when it spills. */
function memory(hardware: HardwareSummary): { fastGb: number; spillGb: number; words: string } {
  const ram = Math.round(hardware.ramGb);
  switch (hardware.kind) {
    case 'apple':
      return { fastGb: hardware.ramGb * APPLE_UNIFIED_MEMORY_SHARE, spillGb: 0, words: `${ram} GB of Apple Silicon unified memory` };
    case 'nvidia':
    case 'amd': {
      const vram = hardware.gpuMemoryGb ?? 0;
      return { fastGb: vram * DISCRETE_GPU_USABLE_SHARE, spillGb: hardware.ramGb * RAM_USABLE_SHARE, words: `${Math.round(vram)} GB of ${hardware.kind === 'nvidia' ? 'NVIDIA' : 'AMD'} VRAM` };
    }
    case 'cpu':
      return { fastGb: hardware.ramGb * RAM_USABLE_SHARE, spillGb: 0, words: `${ram} GB RAM` };
  }
}

/** The largest model (billions of parameters) that fits in fast memory. */
function largestFitting(fastGb: number): number {
  return Math.max(0, (fastGb - OVERHEAD_GB) / GB_PER_BILLION_PARAMS);
}

function roundParams(paramsB: number): string {
  return paramsB >= 10 ? `${Math.floor(paramsB)}B` : `${Math.floor(paramsB * 10) / 10}B`;
}

function suggestOne(candidate: TierCandidate): Pick<TierSuggestion, 'suggested' | 'reason'> {
  const paramsB = candidate.paramsB ?? (candidate.modelBytes ? candidate.modelBytes / 1e9 / GB_PER_BILLION_PARAMS : undefined) ?? (candidate.model ? parseModelParams(candidate.model) : undefined);
  const modelWords = candidate.model ?? 'its model';
  const hardware = candidate.hardware;
  if (!hardware) {
    if (paramsB === undefined) return { suggested: 0, reason: `the size of ${modelWords} and the machine are unknown: tier 0 until it is measured` };
    const tier = capabilityTier(paramsB);
    return { suggested: tier, reason: `${modelWords} (${roundParams(paramsB)}) is a ${TIER_WORDS[tier]}-tier model; the machine's hardware is unknown` };
  }
  const mem = memory(hardware);
  const bandwidth = bandwidthGbs(hardware);
  const fits = largestFitting(mem.fastGb);
  const machine = `${mem.words}${bandwidth.words}`;
  if (paramsB === undefined) {
    const tier = capabilityTier(fits);
    return { suggested: tier, reason: `${machine} runs models up to ~${roundParams(fits)} (the size of ${modelWords} is unknown)` };
  }
  const modelGb = candidate.modelBytes ? candidate.modelBytes / 1e9 : paramsB * GB_PER_BILLION_PARAMS;
  const needGb = modelGb + OVERHEAD_GB;
  const model = `${modelWords} (~${Math.round(modelGb)} GB)`;
  const instead = (why: string) => {
    const tier = capabilityTier(fits);
    return { suggested: tier, reason: `${model} ${why}; a model up to ~${roundParams(fits)} fits, a tier ${tier} model` };
  };
  if (needGb > mem.fastGb + mem.spillGb) return instead(`does not fit in ${machine}`);
  // Each token reads every weight once: the part in fast memory at its bandwidth, the part spilled to RAM at the CPU's.
  const inFast = Math.min(1, mem.fastGb / needGb);
  const secondsPerToken = (modelGb * inFast) / bandwidth.gbs + (modelGb * (1 - inFast)) / CPU_BANDWIDTH_GBS;
  const tokensPerSecond = BANDWIDTH_EFFICIENCY / secondsPerToken;
  const speed = `~${tokensPerSecond >= 10 ? Math.round(tokensPerSecond) : Math.round(tokensPerSecond * 10) / 10} tokens/s`;
  const where = inFast < 1 ? `partly in RAM (past the ${Math.round(mem.fastGb)} GB usable of ${mem.words})` : `in ${machine}`;
  if (tokensPerSecond < TOO_SLOW_TOKENS_PER_SECOND) return instead(`runs ${where} at ${speed}, too slow to chat with`);
  const tier = capabilityTier(paramsB);
  return { suggested: tier, reason: `${model} runs ${where} at ${speed}: a ${TIER_WORDS[tier]}-tier model` };
}

/** A tier per node, each with a one-line reason; a configured tier is kept (the suggestion is still given). */
export function suggestTiers(nodes: readonly TierCandidate[]): TierSuggestion[] {
  return nodes.map((node) => {
    const { suggested, reason } = suggestOne(node);
    const configured = node.configuredTier ?? null;
    return { name: node.name, suggested, reason, tier: configured ?? suggested, configured };
  });
}

/** The compact summary of what GET /hardware reports: kind, all GPUs' memory together, RAM. */
export function summarizeHardware(profile: HardwareProfile): HardwareSummary {
  const vram = profile.gpus.map((gpu) => gpu.vramGb).filter((gb): gb is number => gb !== null);
  const discrete = profile.kind === 'nvidia' || profile.kind === 'amd';
  return { kind: profile.kind, gpuMemoryGb: discrete && vram.length > 0 ? vram.reduce((sum, gb) => sum + gb, 0) : null, ramGb: profile.totalMemoryGb };
}
