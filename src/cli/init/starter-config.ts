// The commented harombe.yaml `harombe init` writes: the seed's sections with every key explained, checked against the schema.
import { stringify } from 'yaml';
import { ConfigError, parseConfigText } from '../../main/config';
import { harombeConfigSchema, type HarombeConfig } from '../../shared';

export interface StarterConfigOptions {
  model: string;
  ollamaHost: string;
  /** Why this model, as one comment line (the recommendation's reason, or that --model chose it). */
  modelNote: string;
}

const defaults: HarombeConfig = harombeConfigSchema.parse({});

/** Returns the YAML text; throws a ConfigTextError naming the key when a value (e.g. the Ollama host) is invalid. */
export function starterConfig({ model, ollamaHost, modelNote }: StarterConfigOptions): string {
  const { model: modelDefaults, ollama, agent, tools, server } = defaults;
  const text = `# harombe configuration, written by \`harombe init\`.
# Every key has a default: delete what you do not need, or the whole file. All keys: docs/configuration.md
# Check your edits with \`harombe config validate\`.

# The model that answers.
model:
  # ${comment(modelNote)}
  # An Ollama model name (\`ollama list\` shows yours), or auto to pick one from this machine's hardware.
  name: ${scalar(model)}
  # The quantization you pulled; Ollama's default tags are Q4_K_M.
  quantization: ${scalar(modelDefaults.quantization)}
  # Tokens the model sees at once: instructions, conversation and its answer.
  context_length: ${modelDefaults.context_length}
  # 0 gives focused, repeatable answers; up to 2 gives more varied ones.
  temperature: ${modelDefaults.temperature}

# The Ollama server that runs the model.
ollama:
  # Its address; http://localhost:11434 when it runs on this machine.
  host: ${scalar(ollamaHost)}
  # Seconds one request may take before harombe gives up.
  timeout: ${ollama.timeout}

# The reasoning loop: think, call tools, answer.
agent:
  # Most tool steps in one answer; stops a model that goes round in circles.
  max_steps: ${agent.max_steps}
  # Uncomment to replace the built-in instructions:
  # system_prompt: "You are harombe, a helpful AI assistant..."

# What the assistant may do. Dangerous tools (shell, file writes) ask you first.
tools:
  # Run shell commands in the workspace.
  shell: ${tools.shell}
  # Read, list and write files in the workspace.
  filesystem: ${tools.filesystem}
  # Search the web (DuckDuckGo, or the SearXNG instance in searxng_url).
  web_search: ${tools.web_search}
  # Ask before a dangerous tool runs. Keep this true.
  confirm_dangerous: ${tools.confirm_dangerous}
  # How the shell is confined: auto (bubblewrap when installed), bwrap (always, fail without it), none.
  sandbox: ${tools.sandbox}
  # Seconds before a shell command and everything it started are stopped.
  shell_timeout: ${tools.shell_timeout}
  # The folder tools work in; default: the current folder for \`harombe chat\`, ~/.harombe/workspace for the server.
  # workspace: /path/to/folder
  # searxng_url: http://localhost:8888
  # How tool calls are settled: ask (a dangerous call asks you unless a rule allows it), rules_only (only what a
  # rule allows runs unasked), trusted (everything runs without asking; deny rules still apply), chat_only (no tools).
  approval_mode: ${tools.approval_mode}
  # Rules read before you are asked; deny beats ask beats allow (docs/tools.md#approval-rules). A few safe ones:
  # approvals:
  #   - { tool: shell, match: git status, decision: allow }
  #   - { tool: shell, match: git diff, decision: allow }
  #   - { tool: shell, match: git log, decision: allow }
  #   - { tool: shell, match: git push, decision: ask }
  #   - { tool: read_file, match: "**/.env", decision: deny }

# The HTTP API and web UI (\`harombe start\`).
server:
  # 127.0.0.1 keeps it on this machine; 0.0.0.0 lets other machines reach it (set auth_token then).
  host: ${scalar(server.host)}
  # The port to listen on (the examples in the docs use 8000).
  port: ${server.port}
  # Bearer token remote clients must send. Keep this file private (harombe writes it readable by you only).
  # auth_token: a-long-random-secret

# Model Context Protocol servers: their tools join the built-ins as name__tool, and are dangerous (asked) unless the
# server marks them read-only. \`harombe mcp import FILE\` copies them from Claude Desktop, Cursor, LM Studio or VS Code;
# \`harombe mcp list\` shows them and their tools. All keys: docs/tools.md#mcp-servers
mcp:
  # A server harombe starts (stdio): the official filesystem server, for one folder. Needs Node.js (npx).
  # filesystem:
  #   command: npx
  #   args: [-y, "@modelcontextprotocol/server-filesystem", /path/to/folder]
  #   # Added to its environment; values are secrets, never shown by /config or the logs.
  #   env: { EXAMPLE_API_KEY: replace-me }
  # A server that already runs (streamable HTTP), switched off until you fill in its address:
  # remote:
  #   url: https://mcp.example.com/mcp
  #   headers: { Authorization: Bearer replace-me }
  #   enabled: false

# More machines: \`harombe cluster init\` adds a cluster section.
`;
  // Checked as harombe will load it: a section left with only comments (mcp:) counts as unset there.
  try {
    parseConfigText(text, 'harombe.yaml');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problem = error.problems[0];
    throw new ConfigTextError(`${problem?.keyPath || 'config'}: ${problem?.message ?? 'invalid value'}`, problem?.keyPath ?? '');
  }
  return text;
}

export class ConfigTextError extends Error {
  constructor(
    message: string,
    readonly key: string,
  ) {
    super(message);
    this.name = 'ConfigTextError';
  }
}

/** A YAML scalar, quoted only when it has to be. */
function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function comment(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
