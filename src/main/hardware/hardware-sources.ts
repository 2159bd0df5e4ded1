// Where detection reads the machine from: systeminformation (and, on Linux, the amdgpu driver's VRAM counters); tests pass recordings.
import { readdir, readFile, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Systeminformation } from 'systeminformation';

/**
 * The four systeminformation calls detection uses. Every field is optional because recorded outputs (and some
 * platforms) leave fields out; detection copes with whatever is missing.
 */
export interface SystemInformationSources {
  graphics(): Promise<{ controllers?: Partial<Systeminformation.GraphicsControllerData>[] }>;
  mem(): Promise<Partial<Systeminformation.MemData>>;
  cpu(): Promise<Partial<Systeminformation.CpuData>>;
  osInfo(): Promise<Partial<Systeminformation.OsData>>;
}

/** Dedicated memory of one AMD card as the amdgpu driver counts it, keyed by PCI address (0000:03:00.0). */
export interface AmdVramReading {
  busAddress: string;
  bytes: number;
}

export interface HardwareSources {
  si: SystemInformationSources;
  /**
   * On Linux, systeminformation takes an AMD card's VRAM from lspci, which shows the PCI window (often 256 MB),
   * not the card's memory; the amdgpu driver's own counter is right. Absent in recordings.
   */
  amdVram?: () => Promise<AmdVramReading[]>;
}

const DRM_FOLDER = '/sys/class/drm';

/**
 * Reads /sys/class/drm/card<N>/device/mem_info_vram_total for every card the amdgpu driver manages; [] elsewhere.
 * The folder and platform are parameters so tests can play any machine, not just the one they run on.
 */
export async function readLinuxAmdVram(drmFolder: string = DRM_FOLDER, platform: NodeJS.Platform = process.platform): Promise<AmdVramReading[]> {
  if (platform !== 'linux') return [];
  const entries = await readdir(drmFolder).catch(() => [] as string[]);
  const readings: AmdVramReading[] = [];
  for (const entry of entries.filter((name) => /^card\d+$/.test(name))) {
    const device = join(drmFolder, entry, 'device');
    const text = await readFile(join(device, 'mem_info_vram_total'), 'utf8').catch(() => null);
    const bytes = Number(text?.trim());
    if (!text || !Number.isFinite(bytes) || bytes <= 0) continue;
    const address = await realpath(device).then(basename, () => '');
    readings.push({ busAddress: address, bytes });
  }
  return readings;
}

/** systeminformation loads on the first detection (a model named `auto`, `harombe init`, GET /hardware). */
const systemInformation = () => import('systeminformation');

export const defaultSources: HardwareSources = {
  si: {
    graphics: async () => (await systemInformation()).graphics(),
    mem: async () => (await systemInformation()).mem(),
    cpu: async () => (await systemInformation()).cpu(),
    osInfo: async () => (await systemInformation()).osInfo(),
  },
  amdVram: () => readLinuxAmdVram(),
};

/** A recorded systeminformation output (the JSON fixtures), replayed as sources. */
export interface HardwareRecording {
  graphics?: { controllers?: Partial<Systeminformation.GraphicsControllerData>[] };
  mem?: Partial<Systeminformation.MemData>;
  cpu?: Partial<Systeminformation.CpuData>;
  osInfo?: Partial<Systeminformation.OsData>;
  amdVram?: AmdVramReading[];
}

export function recordedSources(recording: HardwareRecording): HardwareSources {
  return {
    si: {
      graphics: async () => recording.graphics ?? {},
      mem: async () => recording.mem ?? {},
      cpu: async () => recording.cpu ?? {},
      osInfo: async () => recording.osInfo ?? {},
    },
    amdVram: async () => recording.amdVram ?? [],
  };
}
