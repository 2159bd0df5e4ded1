// `harombe cluster init` without -y in a terminal: browse mDNS, pick and name, test, write; the template when none is chosen.
import { readFile } from 'node:fs/promises';
import { isMap, parseDocument } from 'yaml';
import { testNode, type NodeConfigInput } from '../../main/cluster';
import { updateConfigFile } from '../../main/config';
import type { DiscoveredNode } from '../../main/cluster/discovery';
import { harombeConfigSchema } from '../../shared';
import type { TerminalStyle } from '../chat/terminal-style';
import { addNodeToConfig } from './config-nodes';
import { chooseClusterNodes } from './interactive-init';
import { withLocalCluster } from './local-cluster';
import { askNode, nodeToken } from './node-inquiry';
import { createPrompter } from './prompter';

export interface InteractiveInitOptions {
  path: string;
  force: boolean;
  /** How long to listen for announcements. */
  browseSeconds: number;
  /** config.cluster.discovery.mdns_service when the file has one. */
  serviceType?: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  style: TerminalStyle;
  /** Tests: the network to browse (default: MdnsBrowser on this machine's interfaces). */
  browse?: () => Promise<DiscoveredNode[]>;
}

/** Whether the file at `path` has a `cluster:` section already. */
export async function hasClusterSection(path: string): Promise<boolean> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  const contents = parseDocument(text).contents;
  return isMap(contents) && contents.has('cluster');
}

/** The shared one-off browse, loaded only when a person runs the interactive init (it opens an mDNS socket). */
async function browseNetwork(serviceType: string | undefined, seconds: number): Promise<DiscoveredNode[]> {
  const { browseMdns } = await import('../../main/cluster/discovery');
  return browseMdns({ ...(serviceType ? { serviceType } : {}), seconds });
}

async function testNodes(nodes: NodeConfigInput[]) {
  const config = harombeConfigSchema.parse({ cluster: { nodes } });
  return withLocalCluster(config, { includeLocal: false, checkHealth: false }, (cluster) =>
    Promise.all(cluster.registry.list().map((node) => testNode(node, { timeoutMs: 5_000, completionTimeoutMs: 60_000 }))),
  );
}

/** The chosen nodes written under cluster.nodes (comments kept); an empty list writes nothing and returns []. */
export async function runInteractiveInit(options: InteractiveInitOptions): Promise<NodeConfigInput[]> {
  const prompter = createPrompter(options.input, options.output);
  let chosen: NodeConfigInput[];
  try {
    chosen = await chooseClusterNodes({
      browse: options.browse ?? (() => browseNetwork(options.serviceType, options.browseSeconds)),
      browseSeconds: options.browseSeconds,
      ask: async (target) => askNode(target, await nodeToken(target.href, undefined)),
      test: testNodes,
      prompter,
      style: options.style,
    });
  } finally {
    prompter.close();
  }
  if (chosen.length === 0) return [];
  if (options.force) await updateConfigFile(options.path, (document) => void document.delete('cluster'));
  for (const node of chosen) await addNodeToConfig(options.path, node);
  return chosen;
}
