// `harombe cluster status --explain`: per node the tier configured, the tier its hardware and model suggest, and why.
import type { NodeStatus } from '../../shared';
import { suggestTiers, type HardwareSummary, type TierCandidate } from '../../main/cluster/tier-suggestion';
import type { TerminalStyle } from '../chat/terminal-style';
import type { NodeAnswer } from './node-inquiry';

export type ExplainedNode = Pick<NodeStatus, 'name' | 'kind' | 'host' | 'port' | 'url' | 'model' | 'tier' | 'enabled' | 'source'>;

export interface TierExplanationSources {
  /** Asks a harombe node its /health and /hardware (with its token). */
  ask: (node: ExplainedNode) => Promise<NodeAnswer>;
  /** This machine's hardware: the coordinator's own `local` node runs here. */
  localHardware: () => Promise<HardwareSummary | undefined>;
}

export interface TierExplanation {
  name: string;
  configured: number;
  suggested: number;
  reason: string;
}

/** What is known of one node's machine, and what could not be learnt. A disabled node is never asked. */
async function candidateFor(node: ExplainedNode, sources: TierExplanationSources): Promise<{ candidate: TierCandidate; note?: string }> {
  const base: TierCandidate = { name: node.name, model: node.model, configuredTier: node.tier };
  if (!node.enabled) return { candidate: base, note: 'disabled, so not asked' };
  if (node.source === 'local') {
    const hardware = await sources.localHardware().catch(() => undefined);
    return { candidate: hardware ? { ...base, hardware } : base };
  }
  if (node.kind !== 'harombe') return { candidate: base, note: `a plain ${node.kind} server does not report its hardware` };
  try {
    const answer = await sources.ask(node);
    return { candidate: answer.hardware ? { ...base, hardware: answer.hardware } : base, ...(answer.hardwareProblem ? { note: answer.hardwareProblem } : {}) };
  } catch (error) {
    return { candidate: base, note: error instanceof Error ? error.message : String(error) };
  }
}

/** Every node's configured and suggested tier with the reason (asked in parallel). */
export async function explainTiers(nodes: readonly ExplainedNode[], sources: TierExplanationSources): Promise<TierExplanation[]> {
  const found = await Promise.all(nodes.map((node) => candidateFor(node, sources)));
  const suggestions = suggestTiers(found.map(({ candidate }) => candidate));
  return suggestions.map((suggestion, index) => {
    const note = found[index]!.note;
    return { name: suggestion.name, configured: suggestion.configured ?? suggestion.tier, suggested: suggestion.suggested, reason: note ? `${suggestion.reason} (${note})` : suggestion.reason };
  });
}

/** `  gpu     tier 1, suggested 2  qwen2.5:32b (~19 GB) runs in 24 GB of NVIDIA VRAM …`; a differing suggestion stands out. */
export function renderTierExplanations(explanations: readonly TierExplanation[], style: TerminalStyle): string[] {
  if (explanations.length === 0) return [];
  const width = Math.max(...explanations.map((entry) => entry.name.length));
  const lines = ['', style.bold('Tiers: configured, suggested from each machine\'s hardware and model, and why (the configured tier is the one used)')];
  for (const entry of explanations) {
    const differs = entry.suggested !== entry.configured;
    const tiers = `tier ${entry.configured}, suggested ${entry.suggested}`;
    lines.push(`  ${entry.name.padEnd(width)}  ${differs ? style.yellow(tiers) : tiers}  ${style.dim(entry.reason)}`);
  }
  return lines;
}
