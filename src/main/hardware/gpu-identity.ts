// Turns systeminformation's many spellings of a GPU ("Advanced Micro Devices, Inc. [AMD/ATI]", "AD102 [GeForce RTX 4090]") into names people know.
import type { Systeminformation } from 'systeminformation';

type Controller = Partial<Systeminformation.GraphicsControllerData>;

const VENDOR_PATTERNS: [RegExp, string][] = [
  [/nvidia/i, 'NVIDIA'],
  [/advanced micro devices|\bamd\b|\bati\b|radeon/i, 'AMD'],
  [/intel/i, 'Intel'],
  [/apple/i, 'Apple'],
];

// PCI vendor ids, for controllers that report only an id.
const VENDOR_IDS: Record<string, string> = { '10de': 'NVIDIA', '1002': 'AMD', '8086': 'Intel', '106b': 'Apple' };

/** NVIDIA, AMD, Intel, Apple, or the reported vendor as it is. */
export function gpuVendor(controller: Controller): string {
  const text = `${controller.vendor ?? ''} ${controller.subVendor ?? ''}`;
  for (const [pattern, vendor] of VENDOR_PATTERNS) if (pattern.test(controller.vendor ?? '')) return vendor;
  const id = (controller.vendorId ?? '').toLowerCase().replace(/^0x/, '');
  if (VENDOR_IDS[id]) return VENDOR_IDS[id];
  // Some platforms leave the vendor empty but name it in the model ("AMD Radeon RX 7900 XTX").
  for (const [pattern, vendor] of VENDOR_PATTERNS) if (pattern.test(`${controller.model ?? ''} ${controller.name ?? ''}`)) return vendor;
  return text.trim() || 'Unknown';
}

/** "NVIDIA GeForce RTX 4090", "AMD Radeon RX 7900 XTX", "Apple M2 Pro". */
export function gpuDisplayName(controller: Controller, vendor: string = gpuVendor(controller)): string {
  let name = (controller.name || controller.model || '').trim();
  // lspci writes "<chip code name> [<marketing name>]"; people know the marketing name.
  const bracketed = /\[([^\]]+)\]/.exec(name);
  if (bracketed?.[1]) name = bracketed[1].trim();
  if (!name) return `${vendor} GPU`;
  return name.toLowerCase().startsWith(vendor.toLowerCase()) ? name : `${vendor} ${name}`;
}
