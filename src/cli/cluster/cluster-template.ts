// `harombe cluster init`: the seed README's commented cluster example, added to harombe.yaml without touching the rest.
import { readFile, realpath } from 'node:fs/promises';
import { isMap, parseDocument } from 'yaml';
import { CONFIG_FILE_MODE, parseConfigText } from '../../main/config';
import { writeFileAtomic } from '../../main/fs/atomic-write';

/**
 * The example from the seed's "Multi-Machine Clusters", comments included; each node is another `harombe start`.
 * Its nodes are written disabled: nothing probes an example's address (which may be someone's device) until edited.
 */
export const CLUSTER_TEMPLATE = `# A multi-machine cluster (written by \`harombe cluster init\`; see docs/cluster.md).
# Each node runs \`harombe start\` with server.host: 0.0.0.0; a plain Ollama or OpenAI-compatible server
# works too with \`kind: ollama\` or \`kind: openai\`. Check them with \`harombe cluster test\`.
# The nodes below are EXAMPLES, switched off (enabled: false) so that nothing contacts their addresses:
# change host, port and model to one of your machines and delete its \`enabled: false\` line, or add
# real nodes with \`harombe cluster add HOST\` (it asks the node) and delete these.
cluster:
  coordinator:
    host: localhost

  routing:
    prefer_local: true          # Prefer lowest latency nodes
    fallback_strategy: graceful # Try other tiers if preferred unavailable
    load_balance: true          # Distribute across same-tier nodes

  nodes:
    # Fast/local node for simple queries
    - name: laptop
      host: localhost
      port: 8000
      model: qwen2.5:3b
      tier: 0
      enabled: false            # an example: edit it, then delete this line

    # Balanced node for medium workloads
    - name: workstation
      host: 192.168.1.100
      port: 8000
      model: qwen2.5:14b
      tier: 1
      enabled: false            # an example: edit it, then delete this line

    # Powerful node for complex tasks
    - name: server
      host: server.local
      port: 8000
      model: qwen2.5:72b
      tier: 2
      enabled: false            # an example: edit it, then delete this line
`;

export type TemplateOutcome =
  | { written: true; path: string; how: 'created' | 'appended' | 'replaced' }
  /** The file already has a cluster section, and --force was not given. */
  | { written: false; path: string };

/** The config text with the template added: after what is there, or instead of an existing cluster section. */
export function withClusterTemplate(text: string | undefined, force: boolean): { text: string; how: 'created' | 'appended' | 'replaced' } | undefined {
  if (text === undefined || text.trim() === '') return { text: CLUSTER_TEMPLATE, how: 'created' };
  const document = parseDocument(text);
  const hasCluster = isMap(document.contents) && document.contents.has('cluster');
  if (!hasCluster) return { text: `${text}${text.endsWith('\n') ? '' : '\n'}\n${CLUSTER_TEMPLATE}`, how: 'appended' };
  if (!force) return undefined;
  document.delete('cluster');
  const rest = document.contents && isMap(document.contents) && document.contents.items.length > 0 ? document.toString({ lineWidth: 0 }) : '';
  return { text: rest ? `${rest}\n${CLUSTER_TEMPLATE}` : CLUSTER_TEMPLATE, how: 'replaced' };
}

/** Writes the template into the config at `path` (validated first; written atomically, 0600). */
export async function writeClusterTemplate(path: string, force: boolean): Promise<TemplateOutcome> {
  // Write through a symlinked config instead of replacing the link.
  const target = await realpath(path).catch(() => path);
  const current = await readFile(target, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const next = withClusterTemplate(current, force);
  if (!next) return { written: false, path };
  // Throws ConfigError (with file:line:column) when the existing file is broken: nothing is written then.
  parseConfigText(next.text, path);
  await writeFileAtomic(target, next.text, { mode: CONFIG_FILE_MODE });
  return { written: true, path, how: next.how };
}
