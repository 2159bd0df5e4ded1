// Puts imported MCP servers into harombe.yaml's mcp: section, keeping the file's comments, and shows the same YAML
// with secrets hidden for --dry-run.
import { Document, isScalar, isSeq, type Node } from 'yaml';
import { redactConfig, updateConfigFile, type LoadedConfig } from '../../main/config';
import type { ImportedServer } from './convert-foreign-server';

export interface NamedServer {
  name: string;
  server: ImportedServer;
}

/** Short argument lists stay on one line (`args: [-y, pkg]`), as people write them; long ones get a line each. */
const FLOW_ARGS_LIMIT = 72;

function serverNode(document: Document, server: ImportedServer): Node {
  const node = document.createNode(server);
  const args = node.get('args', true);
  if (isSeq(args) && (server.args ?? []).join(', ').length <= FLOW_ARGS_LIMIT) args.flow = true;
  return node;
}

/** Adds or replaces each server under mcp:, in order; a comment-only `mcp:` keeps its comments above the first one. */
function addServers(document: Document, servers: readonly NamedServer[]): void {
  const section = document.get('mcp', true);
  if (isScalar(section) && section.value === null) {
    const map = document.createNode({});
    if (section.comment) map.commentBefore = section.comment;
    if (section.commentBefore) map.commentBefore = [section.commentBefore, map.commentBefore].filter(Boolean).join('\n');
    document.set('mcp', map);
  }
  for (const { name, server } of servers) document.setIn(['mcp', name], serverNode(document, server));
}

/** Writes `servers` into the config at `path` (created when missing); invalid → ConfigError, nothing written. */
export function writeMcpServers(path: string, servers: readonly NamedServer[]): Promise<LoadedConfig> {
  return updateConfigFile(path, (document) => addServers(document, servers));
}

/** The mcp: YAML `writeMcpServers` would add, every env and headers value shown as ••••••. */
export function previewMcpServers(servers: readonly NamedServer[]): string {
  const document = new Document({});
  const hidden = redactConfig({ mcp: Object.fromEntries(servers.map(({ name, server }) => [name, server])) });
  addServers(document, Object.entries(hidden.mcp).map(([name, server]) => ({ name, server })));
  return document.toString({ lineWidth: 0 });
}
