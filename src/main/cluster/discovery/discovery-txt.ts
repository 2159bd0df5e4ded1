// The TXT record a harombe node advertises (name, model, tier, version, kind) and the node a browser reports from it.
import { z } from 'zod';
import { nodeKindSchema, type NodeKind } from '../../../shared';

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
}

/** What the advertiser puts in its TXT record, as strings in a fixed order. */
export function encodeDiscoveryTxt(node: {
  name: string;
  model: string;
  tier: number;
  version: string;
  kind: NodeKind;
}): Record<string, string> {
  return { name: node.name, model: node.model, tier: String(node.tier), version: node.version, kind: node.kind };
}

/** A TXT problem in words, for a debug log line: `tier: tier must be 0, 1 or 2; model: …`. */
export function describeTxtProblem(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'txt'}: ${issue.message}`).join('; ');
}
