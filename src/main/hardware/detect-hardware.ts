// Reads GPUs, RAM, CPU and OS from systeminformation and decides what Ollama can run on: Apple Silicon, NVIDIA, AMD or the CPU.
import type { Systeminformation } from 'systeminformation';
import type { CpuInfo, GpuInfo, HardwareKind, HardwareProfile } from '../../shared';
import { gpuDisplayName, gpuVendor } from './gpu-identity';
import { defaultSources, type AmdVramReading, type HardwareSources } from './hardware-sources';

/** Share of a discrete GPU's VRAM a model may fill; the rest holds the context (KV cache) and driver overhead. */
export const DISCRETE_GPU_USABLE_SHARE = 0.85;

/**
 * Share of an Apple Silicon Mac's unified memory a model may fill. macOS lets the GPU wire about two-thirds to
 * three-quarters of RAM by default (Metal's recommendedMaxWorkingSetSize) and the system and apps need the rest;
 * 75% is that ceiling. It replaces the 85% discrete-GPU share rather than stacking on it, so a 16 GB Mac still
 * gets a 7B model, which runs well there.
 */
export const APPLE_UNIFIED_MEMORY_SHARE = 0.75;

/**
 * Below this many GiB a reported VRAM size is treated as unknown: on Linux lspci reports the PCI window
 * (typically 256 MB) rather than the card's memory, and no model fits in less anyway.
 */
const SMALLEST_CREDIBLE_VRAM_GB = 1;

const BYTES_PER_GIB = 1024 ** 3;
const MIB_PER_GIB = 1024;

type Controller = Partial<Systeminformation.GraphicsControllerData>;

/** Never throws: a source that fails or leaves fields out just makes the profile less detailed. */
export async function detectHardware({ si, amdVram }: HardwareSources = defaultSources): Promise<HardwareProfile> {
  const [graphics, memory, cpu, os, amdReadings] = await Promise.all([
    settle(() => si.graphics(), {}),
    settle(() => si.mem(), {}),
    settle(() => si.cpu(), {}),
    settle(() => si.osInfo(), {}),
    settle(() => amdVram?.() ?? [], [] as AmdVramReading[]),
  ]);

  const gpus = (graphics.controllers ?? []).map((controller) => describeGpu(controller, amdReadings));
  const totalMemoryGb = roundGb(positive(memory.total) / BYTES_PER_GIB);
  const platform = os.platform || 'unknown';
  const cpuInfo = describeCpu(cpu);
  const { kind, usableVramGb } = chooseAccelerator(gpus, { platform, arch: os.arch, cpuManufacturer: cpu.manufacturer, totalMemoryGb });
  return { kind, gpus, totalMemoryGb, usableVramGb, cpu: cpuInfo, platform };
}

function describeGpu(controller: Controller, amdReadings: AmdVramReading[]): GpuInfo {
  const vendor = gpuVendor(controller);
  // memoryTotal comes from nvidia-smi and is exact; vram may come from lspci.
  let vramMb = positive(controller.memoryTotal) || positive(controller.vram);
  if (vendor === 'AMD' && controller.busAddress) {
    const address = controller.busAddress.toLowerCase();
    const reading = amdReadings.find((candidate) => candidate.busAddress.toLowerCase().endsWith(address));
    if (reading) vramMb = reading.bytes / (1024 * 1024);
  }
  return { vendor, model: gpuDisplayName(controller, vendor), vramGb: vramMb > 0 ? roundGb(vramMb / MIB_PER_GIB) : null };
}

function describeCpu(cpu: Partial<Systeminformation.CpuData>): CpuInfo {
  const manufacturer = (cpu.manufacturer ?? '').trim();
  const model = (cpu.brand ?? '').trim();
  const brand = !model ? manufacturer || 'Unknown CPU' : !manufacturer || model.toLowerCase().startsWith(manufacturer.toLowerCase()) ? model : `${manufacturer} ${model}`;
  // VMs often report a speed of 0; fall back to the maximum, else say we do not know.
  const speed = positive(cpu.speed) || positive(cpu.speedMax);
  const cores = Math.round(positive(cpu.cores) || positive(cpu.physicalCores));
  return { brand, cores: cores > 0 ? cores : null, speedGhz: speed > 0 ? Math.round(speed * 100) / 100 : null };
}

interface Machine {
  platform: string;
  arch: string | undefined;
  cpuManufacturer: string | undefined;
  totalMemoryGb: number;
}

function chooseAccelerator(gpus: GpuInfo[], machine: Machine): { kind: HardwareKind; usableVramGb: number | null } {
  const cpuOnly = { kind: 'cpu' as const, usableVramGb: machine.totalMemoryGb };
  if (machine.platform === 'darwin') {
    // Several signals, because Node running under Rosetta reports arch x64 on an Apple Silicon Mac.
    const appleSilicon = machine.arch === 'arm64' || /apple/i.test(machine.cpuManufacturer ?? '') || gpus.some((gpu) => gpu.vendor === 'Apple');
    // Ollama on an Intel Mac runs on the CPU: it has no backend for their AMD or Intel GPUs.
    if (!appleSilicon) return cpuOnly;
    return { kind: 'apple', usableVramGb: roundTenth(machine.totalMemoryGb * APPLE_UNIFIED_MEMORY_SHARE) };
  }
  const primary = primaryGpu(gpus);
  if (!primary) return cpuOnly;
  const kind = primary.vendor === 'NVIDIA' ? 'nvidia' : 'amd';
  const vram = credibleVram(primary);
  return { kind, usableVramGb: vram === null ? null : roundTenth(vram * DISCRETE_GPU_USABLE_SHARE) };
}

/**
 * The GPU a model is sized for: the NVIDIA or AMD card with the most VRAM (NVIDIA first when none reports it).
 * Not the sum over cards: Ollama can split a model across GPUs, but each card carries its own overhead and
 * the split slows every token, so the largest single card is the size a model reliably fits.
 * Intel GPUs are left out: Ollama does not use them without a custom build.
 */
export function primaryGpu(gpus: GpuInfo[]): GpuInfo | undefined {
  const candidates = gpus.filter((gpu) => gpu.vendor === 'NVIDIA' || gpu.vendor === 'AMD');
  const sized = candidates.filter((gpu) => credibleVram(gpu) !== null).sort((a, b) => (b.vramGb ?? 0) - (a.vramGb ?? 0));
  return sized[0] ?? candidates.find((gpu) => gpu.vendor === 'NVIDIA') ?? candidates[0];
}

/** The GPU's VRAM in GiB, or null when it was not reported or is too small to be the card's real memory. */
export function credibleVram(gpu: GpuInfo): number | null {
  return gpu.vramGb !== null && gpu.vramGb >= SMALLEST_CREDIBLE_VRAM_GB ? gpu.vramGb : null;
}

async function settle<T>(read: () => Promise<T> | T, fallback: T): Promise<T> {
  try {
    return (await read()) ?? fallback;
  } catch {
    return fallback;
  }
}

function positive(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function roundGb(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Usable memory is shown to one decimal and the model is chosen from that same number, so the two always agree. */
function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
