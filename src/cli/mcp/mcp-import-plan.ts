// Decides, for each server in another app's MCP list, what `harombe mcp import` does with it: add, replace, skip (the
// name is taken) or refuse (it cannot work in harombe), before anything is written.
import { mcpConfigSchema } from '../../shared';
import { convertForeignServer, type ImportedServer } from './convert-foreign-server';
import type { ForeignMcpFile } from './foreign-mcp-file';

export type PlannedServer =
  | { action: 'add' | 'replace'; name: string; from: string; server: ImportedServer; transport: 'stdio' | 'http'; ignored: string[] }
  | { action: 'skip'; name: string; from: string }
  | { action: 'refuse'; name: string; from: string; reason: string; fix: string };

export interface ImportOptions {
  /** Replace servers harombe.yaml already has under the same name (otherwise they are skipped). */
  replace: boolean;
  /** Name in the file → name in harombe.yaml (`--rename 'My Server=my-server'`). */
  renames: ReadonlyMap<string, string>;
}

const NAME_LIMIT = 40;

export function isUsableServerName(name: string): boolean {
  return mcpConfigSchema.keyType.safeParse(name).success;
}

/** A name harombe can use, close to `name` and not in `taken`: other characters become -, cut to 40. */
export function suggestServerName(name: string, taken: ReadonlySet<string>): string {
  const base = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, NAME_LIMIT) || 'server';
  if (!taken.has(base)) return base;
  for (let counter = 2; ; counter++) {
    const suffix = `-${counter}`;
    const candidate = `${base.slice(0, NAME_LIMIT - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Shell-quoted for the suggestion line (single quotes, as the user would type them). */
function quoted(text: string): string {
  return /^[A-Za-z0-9_.=@/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Every server in `file`, in file order, with what happens to it. `existing`: the names harombe.yaml's mcp: has. */
export function planImport(file: ForeignMcpFile, existing: ReadonlySet<string>, options: ImportOptions): PlannedServer[] {
  const taken = new Set([...existing, ...file.servers.map((server) => options.renames.get(server.name) ?? server.name)]);
  return file.servers.map(({ name: from, entry }): PlannedServer => {
    const name = options.renames.get(from) ?? from;
    if (!isUsableServerName(name)) {
      const suggestion = suggestServerName(name, taken);
      taken.add(suggestion);
      return {
        action: 'refuse',
        name,
        from,
        reason: `harombe cannot use the name "${name}" (it prefixes the server's tools as ${name}__tool: 1–40 letters, digits, - or _)`,
        fix: `import it under another name: --rename ${quoted(`${from}=${suggestion}`)}`,
      };
    }
    const conversion = convertForeignServer(entry);
    if (!conversion.ok) return { action: 'refuse', name, from, reason: conversion.reason, fix: conversion.fix };
    if (existing.has(name) && !options.replace) return { action: 'skip', name, from };
    return { action: existing.has(name) ? 'replace' : 'add', name, from, server: conversion.server, transport: conversion.transport, ignored: conversion.ignored };
  });
}
