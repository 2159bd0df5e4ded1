// The harombe.yaml contract: the seed's keys, ranges and defaults, plus harombe-TS additions (sandbox, auth, node kinds).
import { z } from 'zod';

export const DEFAULT_SYSTEM_PROMPT =
  'You are harombe, a helpful AI assistant. You have access to tools that let you interact with the system, ' +
  'search the web, and work with files. Use them to help the user accomplish their goals. ' +
  'Think step by step and be precise.';

const port = z.number().int().min(1).max(65535);

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * A bearer token: sent and compared as an HTTP header value, so a blank one would be no secret at all, and a control
 * character (a newline, a NUL) or a space at either end could never arrive as written. The message never shows it.
 */
const authToken = z
  .string()
  .min(1)
  .refine((token) => token.trim() !== '' && token === token.trim() && !CONTROL_CHARACTER.test(token), {
    message: 'must be a non-blank token without control characters or spaces at either end (e.g. the output of `openssl rand -hex 32`)',
  });

export const modelConfigSchema = z.strictObject({
  /** A model name, or `auto` to pick from the detected hardware. */
  name: z.string().min(1).default('auto'),
  quantization: z.string().min(1).default('Q4_K_M'),
  context_length: z.number().int().min(1024).default(8192),
  temperature: z.number().min(0).max(2).default(0.7),
});

export const ollamaConfigSchema = z.strictObject({
  host: z.url({ protocol: /^https?$/ }).default('http://localhost:11434'),
  /** Seconds a request to Ollama may take. */
  timeout: z.number().int().min(1).default(120),
});

export const agentConfigSchema = z.strictObject({
  max_steps: z.number().int().min(1).max(50).default(10),
  system_prompt: z.string().default(DEFAULT_SYSTEM_PROMPT),
});

export const sandboxModeSchema = z.enum(['auto', 'bwrap', 'none']);

export const approvalRuleDecisionSchema = z.enum(['allow', 'ask', 'deny']);

/** One tools.approvals rule: deny beats ask beats allow; a call no rule allows is asked as before. */
export const approvalRuleSchema = z.strictObject({
  /** The tool it rules: shell, read_file, write_file, list_directory, web_search, an MCP tool (`server__tool`), … or * for every tool. */
  tool: z.string().min(1),
  /** shell: a command prefix by words (`git status`); file tools: a glob on the workspace-relative path; absent: every call. */
  match: z.string().min(1).optional(),
  /** shell only: the command must be exactly match's words (`git push origin main`, not `git push origin main --tags`). */
  exact: z.boolean().optional(),
  /** Other tools (MCP ones): argument name → glob its value (as text) must match; every listed argument must match. */
  args: z.record(z.string().min(1), z.string()).optional(),
  decision: approvalRuleDecisionSchema,
});

/**
 * How a conversation's tool calls are settled (tools.approval_mode is the default; a conversation may choose its own):
 * ask — safe tools run, a dangerous call runs when a rule or "always allow" covers it, otherwise a person is asked;
 * rules_only — only what a rule or "always allow" allows runs unasked, every other call (safe ones too) is asked;
 * trusted — everything runs without asking (deny rules still refuse), shown as a red banner / warning line;
 * chat_only — no tools are offered to the model at all.
 */
export const approvalModeSchema = z.enum(['ask', 'rules_only', 'trusted', 'chat_only']);

/** Per-tool override for one MCP server's tool, by the tool's own name (without the `server__` prefix). */
export const mcpToolOverrideSchema = z.strictObject({
  /** Force the tool dangerous (asked) or not; absent: dangerous unless the server annotates it readOnlyHint. */
  dangerous: z.boolean().optional(),
  enabled: z.boolean().default(true),
});

/**
 * One MCP server: stdio (`command`, `args`, `env`, `cwd`) or streamable HTTP (`url`, `headers`) — the shape other apps'
 * `mcpServers` JSON uses, so it can be copied (`harombe mcp import FILE`).
 */
export const mcpServerConfigSchema = z
  .strictObject({
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    /** Added to the scrubbed environment a stdio server starts with (values may be secrets: never logged). */
    env: z.record(z.string(), z.string()).default({}),
    /** Folder a stdio server runs in; default the tools' workspace. */
    cwd: z.string().min(1).optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** Sent with every HTTP request (values may be secrets: never logged or returned by /config). */
    headers: z.record(z.string(), z.string()).default({}),
    enabled: z.boolean().default(true),
    /** Seconds the server may take to start and list its tools. */
    startup_timeout: z.number().int().min(1).max(600).default(30),
    /** Seconds one tool call may take before the model is told it timed out. */
    call_timeout: z.number().int().min(1).max(3600).default(60),
    tools: z.record(z.string(), mcpToolOverrideSchema).default({}),
  })
  .refine((server) => (server.command === undefined) !== (server.url === undefined), {
    message: 'give either command (a stdio server) or url (a streamable HTTP server), not both and not neither',
  });

/** Server name → server. Names become tool prefixes (`name__tool`), so they are letters, digits, - and _. */
export const mcpConfigSchema = z.record(
  z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'an MCP server name is 1–40 letters, digits, - or _ (it prefixes its tools: name__tool)'),
  mcpServerConfigSchema,
);

export const toolsConfigSchema = z.strictObject({
  shell: z.boolean().default(true),
  filesystem: z.boolean().default(true),
  web_search: z.boolean().default(true),
  confirm_dangerous: z.boolean().default(true),
  /** Folder the tools act in; the CLI defaults to the current directory, the server to $HAROMBE_HOME/workspace. */
  workspace: z.string().min(1).optional(),
  /** How the shell tool is confined: bubblewrap when available (auto), always (bwrap), or not at all (none). */
  sandbox: sandboxModeSchema.default('auto'),
  /** Sandboxed shell commands keep the host's network (package managers, git clone, curl); off: no network at all. */
  sandbox_network: z.boolean().default(false),
  /** Seconds before a shell command and all its children are killed. */
  shell_timeout: z.number().int().min(1).max(3600).default(30),
  /** A SearXNG instance (its JSON API) to search with instead of DuckDuckGo. */
  searxng_url: z.url({ protocol: /^https?$/ }).optional(),
  /** Rules read before anyone is asked about a dangerous call (docs/tools.md#approval-rules). */
  approvals: z.array(approvalRuleSchema).default([]),
  /** The approval mode conversations start in (see approvalModeSchema). */
  approval_mode: approvalModeSchema.default('ask'),
});

export const serverConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: port.default(8000),
  /** Bearer token remote clients must send; without one, remote clients reach only /health and /v1. */
  auth_token: authToken.optional(),
  /** Announce this node as `_harombe._tcp` over mDNS when it listens beyond loopback; absent means true. */
  advertise: z.boolean().optional(),
  /** The tier this node announces over mDNS and reports in /health (0 fast … 2 powerful); absent means 0. */
  tier: z.number().int().min(0).max(2).optional(),
});

export const nodeKindSchema = z.enum(['harombe', 'ollama', 'openai']);

export const nodeConfigSchema = z.strictObject({
  name: z.string().min(1),
  host: z.string().min(1),
  port: port.default(8000),
  model: z.string().min(1),
  tier: z.number().int().min(0).max(2),
  auth_token: authToken.optional(),
  enabled: z.boolean().default(true),
  /** What answers at host:port: another harombe (default, as in the seed), a plain Ollama, or any OpenAI-compatible server. */
  kind: nodeKindSchema.default('harombe'),
  /** Maintenance: no new turns are routed here (running ones finish); still health-checked and shown. Absent means false. */
  drain: z.boolean().optional(),
});

export const clusterConfigSchema = z.strictObject({
  coordinator: z.strictObject({ host: z.string().min(1).default('localhost') }).prefault({}),
  discovery: z
    .strictObject({
      method: z.enum(['mdns', 'explicit']).default('explicit'),
      mdns_service: z.string().min(1).default('_harombe._tcp.local'),
    })
    .prefault({}),
  routing: z
    .strictObject({
      prefer_local: z.boolean().default(true),
      fallback_strategy: z.enum(['graceful', 'strict']).default('graceful'),
      load_balance: z.boolean().default(true),
    })
    .prefault({}),
  nodes: z
    .array(nodeConfigSchema)
    .default([])
    .superRefine((nodes, context) => {
      const seen = new Map<string, number>();
      nodes.forEach((node, index) => {
        const first = seen.get(node.name);
        if (first === undefined) seen.set(node.name, index);
        else
          context.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `duplicate node name "${node.name}" (also used by node ${first + 1}); node names must be unique`,
          });
      });
    }),
});

export const harombeConfigSchema = z.strictObject({
  model: modelConfigSchema.prefault({}),
  ollama: ollamaConfigSchema.prefault({}),
  agent: agentConfigSchema.prefault({}),
  tools: toolsConfigSchema.prefault({}),
  server: serverConfigSchema.prefault({}),
  cluster: clusterConfigSchema.optional(),
  /** Model Context Protocol servers whose tools join the built-ins (docs/tools.md#mcp-servers). */
  mcp: mcpConfigSchema.default({}),
});

export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type OllamaConfig = z.infer<typeof ollamaConfigSchema>;
export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type SandboxMode = z.infer<typeof sandboxModeSchema>;
export type ToolsConfig = z.infer<typeof toolsConfigSchema>;
export type ApprovalRule = z.infer<typeof approvalRuleSchema>;
export type ApprovalRuleDecision = z.infer<typeof approvalRuleDecisionSchema>;
export type ApprovalModeName = z.infer<typeof approvalModeSchema>;
export type McpServerConfig = z.infer<typeof mcpServerConfigSchema>;
export type McpToolOverride = z.infer<typeof mcpToolOverrideSchema>;
export type McpConfig = z.infer<typeof mcpConfigSchema>;
export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type NodeKind = z.infer<typeof nodeKindSchema>;
export type NodeConfig = z.infer<typeof nodeConfigSchema>;
export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
export type HarombeConfig = z.infer<typeof harombeConfigSchema>;
/** What a user writes: every key optional. */
export type HarombeConfigInput = z.input<typeof harombeConfigSchema>;

/** Keys whose values are secrets: never logged, echoed or returned by /config. */
export const SECRET_KEYS = ['auth_token'] as const;
/**
 * Maps whose every value is a secret whatever its key (`*`: any name) — an MCP server's env and headers carry API keys
 * under names no list could know (GITHUB_PERSONAL_ACCESS_TOKEN, X-Api-Key, …).
 */
export const SECRET_MAPS = [
  ['mcp', '*', 'env'],
  ['mcp', '*', 'headers'],
] as const;
export const REDACTED = '••••••';
