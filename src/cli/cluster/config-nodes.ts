// cluster.nodes in harombe.yaml changed in place for `harombe cluster add/remove/drain --save`: one node in, out or
// drained, comments kept.
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { updateConfigFile } from '../../main/config';
import type { NodeConfigInput } from '../../main/cluster';
import { CliError, EXIT_FAILURE } from '../cli-error';

function nodeNames(document: Document): string[] {
  const nodes = document.getIn(['cluster', 'nodes'], true);
  if (!isSeq(nodes)) return [];
  return nodes.items.map((item) => (isMap(item) ? String(item.get('name') ?? '') : ''));
}

/** Appends `node` (only the keys given, so defaults stay unwritten) to cluster.nodes, creating the section if needed. */
export async function addNodeToConfig(path: string, node: NodeConfigInput): Promise<void> {
  await updateConfigFile(path, (document) => {
    if (nodeNames(document).includes(node.name)) {
      throw new CliError(`${path} already has a node named "${node.name}"`, EXIT_FAILURE, `Remove it first (\`harombe cluster remove ${node.name} --save\`) or pick another name.`);
    }
    const value = document.createNode(node);
    const cluster = document.get('cluster', true);
    // `cluster:` with nothing under it is a null scalar; it becomes a mapping.
    if (cluster === undefined || (isScalar(cluster) && cluster.value === null)) {
      document.set('cluster', document.createNode({ nodes: [] }));
    }
    const nodes = document.getIn(['cluster', 'nodes'], true);
    // An empty `nodes: []` becomes a block list rather than growing on one line.
    if (isSeq(nodes) && !(nodes.flow && nodes.items.length === 0)) nodes.add(value);
    else document.setIn(['cluster', 'nodes'], document.createNode([node]));
  });
}

/** Deletes the node named `name` from cluster.nodes; a CliError listing the nodes when there is none. */
export async function removeNodeFromConfig(path: string, name: string): Promise<void> {
  await updateConfigFile(path, (document) => {
    const names = nodeNames(document);
    const index = names.indexOf(name);
    if (index === -1) {
      throw new CliError(
        `${path} has no node named "${name}"`,
        EXIT_FAILURE,
        names.length ? `Its nodes: ${names.join(', ')}.` : 'It has no cluster nodes.',
      );
    }
    document.deleteIn(['cluster', 'nodes', index]);
  });
}

/** Sets `drain: true` on the node named `name` (or, putting it back, deletes the key); a CliError when there is none. */
export async function setNodeDrainInConfig(path: string, name: string, drain: boolean): Promise<void> {
  await updateConfigFile(path, (document) => {
    const names = nodeNames(document);
    const index = names.indexOf(name);
    if (index === -1) {
      throw new CliError(`${path} has no node named "${name}"`, EXIT_FAILURE, names.length ? `Its nodes: ${names.join(', ')}.` : 'It has no cluster nodes.');
    }
    if (drain) document.setIn(['cluster', 'nodes', index, 'drain'], true);
    else document.deleteIn(['cluster', 'nodes', index, 'drain']);
  });
}
