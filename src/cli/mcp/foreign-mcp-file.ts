// Reads the MCP server list other apps keep — Claude Desktop, Cursor, LM Studio, Cline, Windsurf (`mcpServers`), VS
// Code (`servers` in .vscode/mcp.json, `mcp.servers` in settings.json) — as raw entries, one per server name.
// The ESM build: the package's main is a UMD wrapper whose inner require()s a bundler cannot follow.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';

export interface ForeignServer {
  /** The name as written in the file (may be one harombe cannot use). */
  name: string;
  entry: unknown;
}

export interface ForeignMcpFile {
  /** Where the servers were found: `mcpServers`, `servers` or `mcp.servers`. */
  key: string;
  servers: ForeignServer[];
}

/** The file is not JSON, or not an MCP server list: nothing can be imported from it. */
export class ForeignFileError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ForeignFileError';
  }
}

const EXPECTED =
  'Expected a JSON object with an "mcpServers" object (Claude Desktop\'s claude_desktop_config.json, Cursor\'s .cursor/mcp.json, ' +
  'LM Studio\'s mcp.json) or a "servers" object (VS Code\'s .vscode/mcp.json), each server a name → {"command", "args", "env"} or {"url", "headers"}.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

/** The server map inside a parsed file, and the key it was under. */
function serverMap(document: Record<string, unknown>): { key: string; map: unknown } | undefined {
  if ('mcpServers' in document) return { key: 'mcpServers', map: document['mcpServers'] };
  if ('servers' in document) return { key: 'servers', map: document['servers'] };
  const settings = document['mcp'];
  if (isRecord(settings) && 'servers' in settings) return { key: 'mcp.servers', map: settings['servers'] };
  return undefined;
}

/**
 * Parses `text` (JSON, or JSON with comments and trailing commas as VS Code writes it) from `file`. Throws a
 * ForeignFileError naming the line and column of a syntax error, or saying what shape was expected.
 */
export function readForeignMcpFile(text: string, file: string): ForeignMcpFile {
  const errors: ParseError[] = [];
  // Notepad saves UTF-8 with a byte-order mark, which JSON parsers take for a stray character.
  const json = text.replace(/^\uFEFF/, '');
  const document: unknown = parse(json, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    throw new ForeignFileError(`${file}:${lineAndColumn(json, first.offset)} is not valid JSON (${printParseErrorCode(first.error)})`, `Fix the file, then import it again. ${EXPECTED}`);
  }
  if (!isRecord(document)) throw new ForeignFileError(`${file} is not an MCP server list: its top level is not a JSON object`, EXPECTED);
  const found = serverMap(document);
  if (!found) {
    const keys = Object.keys(document);
    const has = keys.length === 0 ? 'it is empty' : `it has ${keys.slice(0, 5).map((key) => JSON.stringify(key)).join(', ')}${keys.length > 5 ? ', …' : ''}`;
    throw new ForeignFileError(`${file} is not an MCP server list: it has no "mcpServers" or "servers" object (${has})`, EXPECTED);
  }
  if (!isRecord(found.map)) throw new ForeignFileError(`${file}: "${found.key}" is not an object of servers`, EXPECTED);
  return { key: found.key, servers: Object.entries(found.map).map(([name, entry]) => ({ name, entry })) };
}
