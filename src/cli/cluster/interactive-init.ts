// `harombe cluster init` in a terminal: the harombe servers found over mDNS and any given by address, picked and named
// by the person with a suggested tier each, tested (`cluster test`'s checks), and returned to be written.
import type { NodeConfigInput } from '../../main/cluster';
import type { DiscoveredNode } from '../../main/cluster/discovery';
import { suggestTiers } from '../../main/cluster/tier-suggestion';
import type { NodeTestResult } from '../../shared';
import type { TerminalStyle } from '../chat/terminal-style';
import { nodeFromAnswer } from './node-from-address';
import { nodeBaseUrl, type NodeAnswer } from './node-inquiry';
import type { Prompter } from './prompter';
import { renderNodeTests } from './render-node-tests';

export interface ClusterInitSteps {
  /** The harombe servers announcing themselves on this network now (bounded by its own few seconds). */
  browse: () => Promise<DiscoveredNode[]>;
  /** How long browse listens, for the message. */
  browseSeconds: number;
  ask: (target: URL) => Promise<NodeAnswer>;
  /** `cluster test`'s checks on each node. */
  test: (nodes: NodeConfigInput[]) => Promise<NodeTestResult[]>;
  prompter: Prompter;
  style: TerminalStyle;
}

function hardwareWords(node: DiscoveredNode): string {
  const hardware = node.hardware;
  if (!hardware) return 'hardware not announced';
  const ram = `${Math.round(hardware.ramGb)} GB`;
  if (hardware.kind === 'apple') return `Apple Silicon ${ram}`;
  if (hardware.kind === 'cpu') return `CPU only, ${ram} RAM`;
  return `${hardware.kind === 'nvidia' ? 'NVIDIA' : 'AMD'} ${Math.round(hardware.gpuMemoryGb ?? 0)} GB VRAM, ${ram} RAM`;
}

/** "1 3", "1,3", "all", "" (all), "none": the 0-based indices picked, or undefined when the answer is not one of those. */
export function parsePicks(answer: string, count: number): number[] | undefined {
  const text = answer.trim().toLowerCase();
  if (text === '' || text === 'all' || text === 'a') return [...Array(count).keys()];
  if (text === 'none' || text === 'n' || text === '0') return [];
  const picks = text.split(/[\s,]+/).map(Number);
  if (picks.some((pick) => !Number.isInteger(pick) || pick < 1 || pick > count)) return undefined;
  return [...new Set(picks.map((pick) => pick - 1))];
}

/** Asks a name (unique among `taken`) and a tier, the given defaults on Enter; null when input ended. */
async function nameAndTier(steps: ClusterInitSteps, node: NodeConfigInput, suggested: number, taken: Set<string>): Promise<NodeConfigInput | null> {
  const { prompter } = steps;
  let name: string;
  for (;;) {
    const answer = await prompter.ask(`  Name for ${node.name} [${node.name}]: `);
    if (answer === null) return null;
    name = answer || node.name;
    if (!taken.has(name)) break;
    prompter.say(`  "${name}" is already taken; pick another.`);
  }
  let tier = suggested;
  for (;;) {
    const answer = await prompter.ask(`  Tier for ${name} (0 fast, 1 medium, 2 powerful) [${suggested}]: `);
    if (answer === null) return null;
    if (answer === '') break;
    if (['0', '1', '2'].includes(answer)) {
      tier = Number(answer);
      break;
    }
    prompter.say('  A tier is 0, 1 or 2.');
  }
  taken.add(name);
  return { ...node, name, tier };
}

async function pickFound(steps: ClusterInitSteps, found: DiscoveredNode[], taken: Set<string>, chosen: NodeConfigInput[]): Promise<boolean> {
  const { prompter, style } = steps;
  const suggestions = suggestTiers(found.map((node) => ({ name: node.name, model: node.model, ...(node.hardware ? { hardware: node.hardware } : {}), ...(node.modelBytes ? { modelBytes: node.modelBytes } : {}) })));
  prompter.say(`Found ${found.length} harombe server${found.length === 1 ? '' : 's'}:`);
  found.forEach((node, index) => {
    const suggestion = suggestions[index]!;
    prompter.say(`  ${index + 1}) ${node.name}  ${node.host}:${node.port}  ${node.model}  ${hardwareWords(node)}  announces tier ${node.tier}, suggested tier ${suggestion.suggested}`);
    prompter.say(`     ${style.dim(suggestion.reason)}`);
  });
  let picks: number[] | undefined;
  for (;;) {
    const answer = await prompter.ask('Add which? (numbers such as 1 3, all, or none) [all]: ');
    if (answer === null) return false;
    picks = parsePicks(answer, found.length);
    if (picks) break;
    prompter.say(`Answer with numbers from 1 to ${found.length}, all, or none.`);
  }
  for (const index of picks) {
    const node = found[index]!;
    const named = await nameAndTier(steps, { name: node.name, host: node.host, port: node.port, model: node.model, tier: node.tier, kind: node.kind }, suggestions[index]!.suggested, taken);
    if (!named) return false;
    chosen.push(named);
  }
  return true;
}

async function askByAddress(steps: ClusterInitSteps, taken: Set<string>, chosen: NodeConfigInput[]): Promise<void> {
  const { prompter } = steps;
  for (;;) {
    const answer = await prompter.ask('Another machine running `harombe start`, by address (HOST[:PORT]; Enter when done): ');
    if (answer === null || answer === '') return;
    let reply: NodeAnswer;
    try {
      reply = await steps.ask(nodeBaseUrl(answer));
    } catch (error) {
      prompter.say(`  ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const { node, suggestion, lines } = nodeFromAnswer(reply);
    for (const line of lines) prompter.say(`  ${line}`);
    const named = await nameAndTier(steps, node, suggestion.suggested, taken);
    if (!named) return;
    chosen.push(named);
  }
}

/** The conversation; resolves to the nodes to write (none: the caller writes the template instead). */
export async function chooseClusterNodes(steps: ClusterInitSteps): Promise<NodeConfigInput[]> {
  const { prompter } = steps;
  prompter.say(`Looking for harombe servers on this network for ${steps.browseSeconds} s (mDNS; see docs/discovery.md)…`);
  const found = await steps.browse().catch((error: unknown) => {
    prompter.say(`Could not browse: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  });
  const taken = new Set<string>();
  const chosen: NodeConfigInput[] = [];
  if (found.length === 0) prompter.say('Found none (mDNS reaches only this network segment, and the firewall must let UDP 5353 through).');
  else if (!(await pickFound(steps, found, taken, chosen))) return chosen;
  await askByAddress(steps, taken, chosen);
  if (chosen.length === 0) return [];
  prompter.say(`Testing ${chosen.length} node${chosen.length === 1 ? '' : 's'} (reachable, key, model, one tiny completion)…`);
  const results = await steps.test(chosen);
  for (const line of renderNodeTests(results, steps.style)) prompter.say(line);
  const kept: NodeConfigInput[] = [];
  for (const [index, node] of chosen.entries()) {
    const passed = results[index]?.checks.every((check) => check.status === 'pass') ?? false;
    if (passed) kept.push(node);
    else if ((await prompter.ask(`Write ${node.name} anyway (it failed a check)? [y/N]: `))?.toLowerCase().startsWith('y')) kept.push(node);
  }
  return kept;
}
