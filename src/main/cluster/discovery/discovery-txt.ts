// The TXT record a harombe node advertises (name, model, tier, version, kind, and a compact summary of its hardware)
// and the node a browser reports from it.
import { z } from 'zod';
import { hardwareKindSchema, nodeKindSchema, type NodeKind } from '../../../shared';
import type { HardwareSummary } from '../tier-suggestion';

/** A GiB figure as a TXT value: `24`, `4.7`. A malformed one is dropped, not the whole announcement. */
const gigabytes = z.coerce.number().nonnegative().finite().optional().catch(undefined);

/**
 * What a browser accepts in a TXT record. Values arrive as strings; unknown keys are ignored so newer nodes can add
 * some. `kind` defaults to harombe and `version` is optional, so a hand-made `avahi-publish` with name/model/tier works.
 */
export const discoveryTxtSchema = z.object({
  name: z.string().trim().min(1),
  model: z.string().trim().min(1),
  tier: z.enum(['0', '1', '2'], { error: 'tier must be 0, 1 or 2' }).transform(Number),
  version: z.string().trim().min(1).optional(),
  kind: nodeKindSchema.default('harombe'),
  /** The machine, for suggesting its tier: GPU kind (apple, nvidia, amd, cpu), GPU memory, RAM, the model's size. */
  gpu: hardwareKindSchema.optional().catch(undefined),
  gpu_gb: gigabytes,
  ram_gb: gigabytes,
  model_gb: gigabytes,
});

export type DiscoveryTxt = z.infer<typeof discoveryTxtSchema>;

/** A node found by mDNS. The caller health-checks it before sending it work. */
export interface DiscoveredNode {
  name: string;
  /** An address this machine can connect to (the source address of the announcement), e.g. "192.168.1.20". */
  host: string;
  port: number;
  model: string;
  tier: number;
  /** The harombe version it runs; absent when the announcement did not say (e.g. a hand-made avahi-publish). */
  version?: string;
  kind: NodeKind;
  source: 'mdns';
  /** What the announcement said of its machine; absent from older nodes and hand-made announcements. */
  hardware?: HardwareSummary;
  /** Its model's size in bytes, when announced. */
  modelBytes?: number;
}

/** The hardware and model size an announcement carries, as DiscoveredNode's optional fields. */
export function hardwareFromTxt(txt: DiscoveryTxt): Pick<DiscoveredNode, 'hardware' | 'modelBytes'> {
  const found: Pick<DiscoveredNode, 'hardware' | 'modelBytes'> = {};
  if (txt.gpu !== undefined && txt.ram_gb !== undefined) found.hardware = { kind: txt.gpu, gpuMemoryGb: txt.gpu_gb ?? null, ramGb: txt.ram_gb };
  if (txt.model_gb !== undefined) found.modelBytes = Math.round(txt.model_gb * 1e9);
  return found;
}

/** 24, 4.7: one decimal at most, so the record stays small. */
function gb(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** What the advertiser puts in its TXT record, as strings in a fixed order. */
export function encodeDiscoveryTxt(node: {
  name: string;
  model: string;
  tier: number;
  version: string;
  kind: NodeKind;
  hardware?: HardwareSummary;
  modelBytes?: number;
}): Record<string, string> {
  const txt: Record<string, string> = { name: node.name, model: node.model, tier: String(node.tier), version: node.version, kind: node.kind };
  if (node.hardware) {
    txt.gpu = node.hardware.kind;
    if (node.hardware.gpuMemoryGb !== null) txt.gpu_gb = gb(node.hardware.gpuMemoryGb);
    txt.ram_gb = gb(node.hardware.ramGb);
  }
  if (node.modelBytes !== undefined) txt.model_gb = gb(node.modelBytes / 1e9);
  return txt;
}

/** A TXT problem in words, for a debug log line: `tier: tier must be 0, 1 or 2; model: …`. */
export function describeTxtProblem(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'txt'}: ${issue.message}`).join('; ');
}
