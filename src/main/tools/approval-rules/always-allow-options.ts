// The "always allow" scopes offered for one asked call, narrowest first, each with the allow rule it would add.
import type { AlwaysAllowOption } from '../../../shared';
import { argumentText, FILE_TOOLS, SHELL_TOOL } from './evaluate-rules';
import { normaliseWorkspacePath } from './file-path';
import { parseShellCommand } from './parse-command';

/** Glob characters escaped, so a path or value is matched as written. */
export function literalGlob(text: string): string {
  return text.replace(/[\\*?[\]{}()!+@|]/g, (character) => `\\${character}`);
}

/** A second word that reads as a subcommand (`git push`, `npm test`), not a file, an option or a value. */
const SUBCOMMAND = /^[a-z][a-z0-9-]*$/;

/**
 * `alwaysAsked`: the call is on the built-in always-ask list (or runs other commands): only a rule naming it exactly
 * can allow it, so only the exact scope is offered.
 */
export async function alwaysAllowOptions(
  call: { name: string; arguments: unknown },
  alwaysAsked: boolean,
): Promise<AlwaysAllowOption[]> {
  const args = (call.arguments && typeof call.arguments === 'object' ? call.arguments : {}) as Record<string, unknown>;
  if (call.name === SHELL_TOOL) return shellOptions(String(args.command ?? ''), alwaysAsked);
  const every: AlwaysAllowOption = { scope: 'tool', label: `every ${call.name} call`, rule: { tool: call.name } };
  const pathArgument = FILE_TOOLS[call.name];
  if (pathArgument !== undefined) {
    const normalised = normaliseWorkspacePath(typeof args[pathArgument] === 'string' ? args[pathArgument] : '.');
    if (!normalised.ok) return [every];
    const { path } = normalised;
    const options: AlwaysAllowOption[] = [{ scope: 'exact', label: `this path \`${path}\``, rule: { tool: call.name, match: literalGlob(path) } }];
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : undefined;
    if (folder !== undefined) {
      options.push({ scope: 'prefix', label: `paths under \`${folder}/\``, rule: { tool: call.name, match: `${literalGlob(folder)}/**` } });
    }
    return [...options, every];
  }
  const texts = Object.entries(args).flatMap(([name, value]) => {
    const text = argumentText(value);
    return text === undefined ? [] : [[name, literalGlob(text)] as const];
  });
  if (texts.length === 0) return [every];
  return [{ scope: 'exact', label: `these exact arguments of ${call.name}`, rule: { tool: call.name, args: Object.fromEntries(texts) } }, every];
}

async function shellOptions(command: string, alwaysAsked: boolean): Promise<AlwaysAllowOption[]> {
  const every: AlwaysAllowOption = { scope: 'tool', label: 'every shell command', rule: { tool: SHELL_TOOL } };
  const parsed = await parseShellCommand(command);
  const own = parsed.readable ? parsed.parts.filter((part) => part.runBy === undefined) : [];
  const first = own[0];
  // A rule's match is one plain command: a compound or unreadable one can only be allowed tool-wide.
  if (!parsed.readable || own.length !== 1 || parsed.concerns.length > 0 || !first) return alwaysAsked ? [] : [every];
  const words = [...first.assignments, ...first.words];
  const shown = words.join(' ');
  const options: AlwaysAllowOption[] = [{ scope: 'exact', label: `this exact command \`${shown}\``, rule: { tool: SHELL_TOOL, match: command.trim(), exact: true } }];
  if (alwaysAsked || first.runs !== undefined) return options;
  const [name, second] = first.words;
  const prefixWords = [...first.assignments, ...(name === undefined ? [] : [name]), ...(second !== undefined && SUBCOMMAND.test(second) ? [second] : [])];
  if (prefixWords.length > 0 && prefixWords.length < words.length) {
    const prefix = prefixWords.join(' ');
    options.push({ scope: 'prefix', label: `commands starting with \`${prefix}\``, rule: { tool: SHELL_TOOL, match: prefix } });
  }
  return [...options, every];
}
