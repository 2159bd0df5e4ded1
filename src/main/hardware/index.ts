// Hardware detection and model recommendation: what this machine has, and which model fits it.
export { detectHardware, primaryGpu, credibleVram, DISCRETE_GPU_USABLE_SHARE, APPLE_UNIFIED_MEMORY_SHARE } from './detect-hardware';
export { recommendModel, resolveModelName, modelForUsableVram, MODEL_TIERS, CPU_MODEL, SMALLEST_MODEL, CPU_MIN_RAM_GB } from './recommend-model';
export { describeHardware } from './describe-hardware';
export { defaultSources, recordedSources, readLinuxAmdVram } from './hardware-sources';
export type { HardwareSources, HardwareRecording, SystemInformationSources, AmdVramReading } from './hardware-sources';
