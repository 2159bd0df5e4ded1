// One server from another app's MCP list → harombe's mcp: entry, or the reason it cannot work in harombe and what to do.
import { mcpServerConfigSchema } from '../../shared';

/** What harombe.yaml gets: only the keys the other app's entry set (defaults stay unwritten). */
export interface ImportedServer {
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
  enabled?: false;
}

export type Conversion =
  | { ok: true; server: ImportedServer; transport: 'stdio' | 'http'; ignored: string[] }
  | { ok: false; reason: string; fix: string };

/** Keys harombe reads; anything else (autoApprove, description, …) is reported as ignored. */
const KNOWN_KEYS = new Set(['type', 'transport', 'command', 'args', 'env', 'cwd', 'url', 'serverUrl', 'headers', 'disabled', 'enabled']);
const HTTP_TYPES = new Set(['http', 'streamable-http', 'streamable_http', 'streamablehttp']);
const SSE_HINT = 'harombe speaks streamable HTTP, not the older SSE transport; if the server also offers streamable HTTP (often at /mcp), add that url to harombe.yaml\'s mcp: section';
// ${input:token} (VS Code), ${env:HOME} (Cursor), ${workspaceFolder}: other apps fill these in, harombe does not.
const VARIABLE = /\$\{[^}]*\}/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(reason: string, fix: string): Conversion {
  return { ok: false, reason, fix };
}

/** A string map (env, headers); numbers and booleans become text as the other apps send them. Undefined: not a map. */
function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const map: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') map[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') map[key] = String(item);
    else return undefined;
  }
  return map;
}

/** The first `${…}` variable in the entry's values, and where; variable names are not secrets, values may be. */
function findVariable(server: ImportedServer): { where: string; variable: string } | undefined {
  const places: [string, string | undefined][] = [
    ['command', server.command],
    ['cwd', server.cwd],
    ['url', server.url],
    ...(server.args ?? []).map((arg, index): [string, string] => [`args[${index}]`, arg]),
    ...Object.entries(server.env ?? {}).map(([key, value]): [string, string] => [`env.${key}`, value]),
    ...Object.entries(server.headers ?? {}).map(([key, value]): [string, string] => [`headers.${key}`, value]),
  ];
  for (const [where, value] of places) {
    const match = value === undefined ? null : VARIABLE.exec(value);
    if (match) return { where, variable: match[0] };
  }
  return undefined;
}

function transportOf(entry: Record<string, unknown>): string | undefined {
  const type = entry['type'] ?? entry['transport'];
  return typeof type === 'string' ? type.toLowerCase() : undefined;
}

/** Converts one entry of another app's MCP list (see docs/tools.md#importing-mcp-servers for what maps). */
export function convertForeignServer(entry: unknown): Conversion {
  if (!isRecord(entry)) return refuse('its entry is not an object', 'give it {"command", "args", "env"} or {"url", "headers"}');
  const type = transportOf(entry);
  const url = entry['url'] ?? entry['serverUrl'];
  const command = entry['command'];
  if (type === 'sse') return refuse('it is an SSE server (type "sse")', SSE_HINT);
  if (type !== undefined && type !== 'stdio' && !HTTP_TYPES.has(type)) {
    return refuse(`its transport "${type}" is not one harombe speaks`, 'harombe runs stdio servers (command) and streamable HTTP servers (url)');
  }
  if (command !== undefined && url !== undefined) return refuse('it has both a command and a url', 'keep one: command for a program harombe starts, url for a server already running');
  if (entry['envFile'] !== undefined) return refuse('it reads its environment from envFile', 'copy the variables it needs into env, in the file or in harombe.yaml');

  const server: ImportedServer = {};
  let transport: 'stdio' | 'http';
  if (typeof command === 'string' && command.trim() !== '' && type !== undefined && HTTP_TYPES.has(type)) {
    return refuse(`it says type "${type}" but gives a command, not a url`, 'give the url of the running server, or type "stdio"');
  }
  if (typeof url === 'string' && type === 'stdio') return refuse('it says type "stdio" but gives a url, not a command', 'give the command that starts it, or type "http"');
  if (typeof command === 'string' && command.trim() !== '') {
    transport = 'stdio';
    server.command = command;
    const args = entry['args'];
    if (args !== undefined) {
      if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string' || typeof arg === 'number')) {
        return refuse('its args is not a list of strings', 'write args as ["--flag", "value"]');
      }
      if (args.length > 0) server.args = args.map(String);
    }
    const env = entry['env'];
    if (env !== undefined) {
      const map = stringMap(env);
      if (!map) return refuse('its env is not an object of names and text values', 'write env as {"NAME": "value"}');
      if (Object.keys(map).length > 0) server.env = map;
    }
    if (typeof entry['cwd'] === 'string' && entry['cwd'] !== '') server.cwd = entry['cwd'];
  } else if (typeof url === 'string' && url !== '') {
    transport = 'http';
    if (type === undefined && /\/sse\/?(\?.*)?$/.test(url)) return refuse('its url ends in /sse, the older SSE transport', SSE_HINT);
    server.url = url;
    const headers = entry['headers'];
    if (headers !== undefined) {
      const map = stringMap(headers);
      if (!map) return refuse('its headers is not an object of names and text values', 'write headers as {"Authorization": "Bearer …"}');
      if (Object.keys(map).length > 0) server.headers = map;
    }
  } else {
    return refuse('it has neither a command nor a url', 'give "command" (and "args") for a program harombe starts, or "url" for a streamable HTTP server');
  }
  if (entry['disabled'] === true || entry['enabled'] === false) server.enabled = false;

  const variable = findVariable(server);
  if (variable) {
    return refuse(`its ${variable.where} uses ${variable.variable}, a variable the other app fills in and harombe does not`, 'write the real value there (in the file, or in harombe.yaml after importing the rest)');
  }
  const checked = mcpServerConfigSchema.safeParse(server);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return refuse(`its ${issue?.path.join('.') || 'entry'} ${issue?.message ?? 'is invalid'}`, 'fix it in the file and import again');
  }
  return { ok: true, server, transport, ignored: Object.keys(entry).filter((key) => !KNOWN_KEYS.has(key)) };
}

