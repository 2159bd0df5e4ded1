// `harombe cluster add HOST[:PORT]`: the node as it describes itself (/health, /hardware), with a suggested tier.
import type { NodeConfigInput } from '../../main/cluster';
import { suggestTiers, type TierSuggestion } from '../../main/cluster/tier-suggestion';
import type { NodeAnswer } from './node-inquiry';

export interface AddressOverrides {
  name?: string;
  model?: string;
  tier?: number;
  /** Its server.auth_token, written to the node (and sent to /hardware). */
  token?: string;
}

export interface NodeFromAddress {
  node: NodeConfigInput;
  suggestion: TierSuggestion;
  /** What was found, for the person to read before it is added. */
  lines: string[];
}

function describeHardware(answer: NodeAnswer): string {
  const hardware = answer.hardware;
  if (!hardware) return `hardware unknown: ${answer.hardwareProblem ?? 'not reported'}`;
  const ram = `${Math.round(hardware.ramGb)} GB RAM`;
  switch (hardware.kind) {
    case 'apple':
      return `Apple Silicon, ${Math.round(hardware.ramGb)} GB unified memory`;
    case 'cpu':
      return `CPU only, ${ram}`;
    default:
      return `${hardware.kind === 'nvidia' ? 'NVIDIA' : 'AMD'} ${hardware.gpuMemoryGb === null ? '(memory not reported)' : `${Math.round(hardware.gpuMemoryGb)} GB VRAM`}, ${ram}`;
  }
}

/** The node to add: what it said of itself, overridden by what the person gave; its tier the given one, else the suggestion. */
export function nodeFromAnswer(answer: NodeAnswer, overrides: AddressOverrides = {}): NodeFromAddress {
  const url = new URL(answer.url);
  const model = overrides.model ?? answer.health.model;
  const [suggestion] = suggestTiers([
    { name: overrides.name ?? answer.health.node.name, model, ...(answer.hardware ? { hardware: answer.hardware } : {}), ...(overrides.tier === undefined ? {} : { configuredTier: overrides.tier }) },
  ]);
  const host = url.protocol === 'https:' ? `https://${url.hostname}` : url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const node: NodeConfigInput = {
    name: overrides.name ?? answer.health.node.name,
    host,
    port,
    model,
    tier: suggestion!.tier,
    ...(overrides.token ? { auth_token: overrides.token } : {}),
  };
  const lines = [
    `${answer.url} is harombe ${answer.health.version} "${answer.health.node.name}", serving ${answer.health.model} (it announces tier ${answer.health.node.tier})`,
    `  ${describeHardware(answer)}`,
    `  suggested tier ${suggestion!.suggested}: ${suggestion!.reason}`,
  ];
  if (overrides.tier !== undefined && overrides.tier !== suggestion!.suggested) lines.push(`  keeping tier ${overrides.tier} as given (--tier)`);
  return { node, suggestion: suggestion!, lines };
}
