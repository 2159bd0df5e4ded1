// The config fields the settings screen edits: where each lives in harombe.yaml, how it is edited, whether it needs a
// restart — and the draft's problems in the shared schema's own words, by field.
import { harombeConfigSchema, type HarombeConfig } from '../../../../../shared/config-schema';

export type FieldKind = 'text' | 'number' | 'textarea' | 'switch' | 'select' | 'secret';

export interface ConfigField {
  /** Dotted path in the config: `model.temperature`. */
  path: string;
  label: string;
  kind: FieldKind;
  help?: string;
  options?: readonly { value: string; label: string }[];
  step?: number;
  /** Read once at start-up: saved now, in effect after a restart. */
  restart?: boolean;
  /** An optional key: an empty box removes it from harombe.yaml. */
  optional?: boolean;
  /** Offered as the box's suggestions: `models` is the models Ollama has. */
  suggest?: 'models';
}

export interface ConfigSection {
  id: string;
  title: string;
  fields: readonly ConfigField[];
  /** Shown only when the config has this top-level section (cluster). */
  when?: keyof HarombeConfig;
}

export const CONFIG_SECTIONS: readonly ConfigSection[] = [
  {
    id: 'model',
    title: 'Model',
    fields: [
      { path: 'model.name', label: 'Model', kind: 'text', suggest: 'models', help: 'An Ollama model name, or auto to pick one for this machine' },
      { path: 'model.temperature', label: 'Temperature', kind: 'number', step: 0.1, help: '0 is focused, 2 is inventive' },
      { path: 'model.context_length', label: 'Context length', kind: 'number', step: 1024, help: 'Tokens the model sees at once' },
    ],
  },
  {
    id: 'agent',
    title: 'Agent',
    fields: [
      { path: 'agent.max_steps', label: 'Max steps', kind: 'number', step: 1, help: 'Tool calls and answers in one turn, at most' },
      { path: 'agent.system_prompt', label: 'System prompt', kind: 'textarea' },
    ],
  },
  {
    id: 'tools',
    title: 'Tools',
    fields: [
      { path: 'tools.shell', label: 'Shell commands', kind: 'switch' },
      { path: 'tools.filesystem', label: 'Read and write files', kind: 'switch' },
      { path: 'tools.web_search', label: 'Web search', kind: 'switch' },
      { path: 'tools.confirm_dangerous', label: 'Ask before dangerous tools run', kind: 'switch', help: 'Shell commands and file writes wait for your approval' },
      { path: 'tools.workspace', label: 'Workspace folder', kind: 'text', optional: true, help: 'Where the tools act; empty: ~/.harombe/workspace' },
      {
        path: 'tools.sandbox',
        label: 'Sandbox',
        kind: 'select',
        options: [
          { value: 'auto', label: 'auto — bubblewrap when available' },
          { value: 'bwrap', label: 'bwrap — always (refuse without it)' },
          { value: 'none', label: 'none — commands run unconfined' },
        ],
      },
    ],
  },
  {
    id: 'server',
    title: 'Server',
    fields: [
      { path: 'server.host', label: 'Host', kind: 'text', restart: true, help: '127.0.0.1 for this machine only; 0.0.0.0 for the network' },
      { path: 'server.port', label: 'Port', kind: 'number', step: 1, restart: true },
      { path: 'server.auth_token', label: 'Token for remote clients', kind: 'secret', optional: true, help: 'Leave empty to keep the current one' },
    ],
  },
  {
    id: 'cluster',
    title: 'Cluster routing',
    when: 'cluster',
    fields: [
      { path: 'cluster.routing.prefer_local', label: 'Prefer this machine', kind: 'switch' },
      { path: 'cluster.routing.load_balance', label: 'Balance load across nodes', kind: 'switch' },
      {
        path: 'cluster.routing.fallback_strategy',
        label: 'When the right tier is down',
        kind: 'select',
        options: [
          { value: 'graceful', label: 'graceful — try the other tiers' },
          { value: 'strict', label: 'strict — fail the turn' },
        ],
      },
    ],
  },
];

type Json = Record<string, unknown>;

export function valueAt(config: HarombeConfig, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), config);
}

/** A copy of `config` with `path` set (undefined removes the key). */
export function withValue(config: HarombeConfig, path: string, value: unknown): HarombeConfig {
  const [key, ...rest] = path.split('.');
  const node = { ...(config as unknown as Json) };
  if (rest.length === 0) {
    if (value === undefined) delete node[key!];
    else node[key!] = value;
  } else {
    node[key!] = withValue((node[key!] ?? {}) as HarombeConfig, rest.join('.'), value);
  }
  return node as unknown as HarombeConfig;
}

/** What a number box holds: a number when it reads as one, else the text (so the schema names the problem). */
export function numberFrom(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** Each problem of the draft, by dotted path, in the schema's words; empty when it can be saved. */
export function draftProblems(draft: HarombeConfig): Map<string, string> {
  const result = harombeConfigSchema.safeParse(draft);
  const problems = new Map<string, string>();
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.join('.');
      if (!problems.has(key)) problems.set(key, issue.message);
    }
  }
  return problems;
}
