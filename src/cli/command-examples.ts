// An example for every command's --help, in one place; a test checks that no command is left without one.
import type { Command } from 'commander';

/** Keyed by the command's path below `harombe` (`cluster add`). Commands that print their own examples are absent. */
export const COMMAND_EXAMPLES: Record<string, string[]> = {
  version: ['harombe version'],
  doctor: ['harombe doctor              one line per check, and the fix for each failure', 'harombe doctor --json       the same checks for scripts'],
  config: ['harombe config validate', 'harombe config path'],
  'config validate': ['harombe config validate', 'harombe config validate --config ./cluster.yaml'],
  'config path': ['harombe config path', 'HAROMBE_HOME=/srv/harombe harombe config path'],
  models: ['harombe models list', 'harombe models pull qwen2.5:7b'],
  'models list': ['harombe models list', 'harombe models list --json'],
  'models pull': ['harombe models pull qwen2.5:7b       progress bar; Ctrl-C cancels'],
  'models rm': ['harombe models rm qwen2.5:0.5b'],
  mcp: ['harombe mcp list', 'harombe mcp import ~/.cursor/mcp.json'],
  'mcp list': ['harombe mcp list            status and tools from the running harombe', 'harombe mcp list --json'],
  'mcp import': [
    'harombe mcp import "$HOME/Library/Application Support/Claude/claude_desktop_config.json"',
    'harombe mcp import .vscode/mcp.json --dry-run        print the YAML, write nothing',
    "harombe mcp import mcp.json --rename 'My Server=my-server' --replace",
  ],
  'approvals list': ['harombe approvals list', 'harombe approvals list --json'],
  'approvals add': [
    'harombe approvals add allow shell "git status"       git status (and git status -s …) run without asking',
    'harombe approvals add deny write_file ".git/**"',
    'harombe approvals add allow fs__read_file --arg path="docs/**"',
  ],
  'approvals rm': ['harombe approvals rm 3f9a1c02de      the id harombe approvals list shows'],
  cluster: ['harombe cluster init', 'harombe cluster status', 'harombe cluster test'],
  'cluster init': ['harombe cluster init              find harombe servers on this network, pick, test and write them', 'harombe cluster init -y           only the commented template (example nodes disabled)', 'harombe cluster init --force      replace an existing cluster: section'],
  'cluster status': ['harombe cluster status'],
  'cluster test': ['harombe cluster test              reachable, auth, model, one tiny completion per node'],
  'cluster metrics': ['harombe cluster metrics', 'harombe cluster metrics --node workstation'],
  'cluster add': ['harombe cluster add gpu.local --save   asks the harombe there for its name, model and hardware', 'harombe cluster add gpu --host 192.168.1.20 --model qwen2.5:14b --tier 1 --save', 'harombe cluster add nas --host nas.local --port 11434 --kind ollama --model qwen2.5:3b --tier 0'],
  'cluster remove': ['harombe cluster remove gpu --save'],
  'cluster drain': ['harombe cluster drain gpu --save        no new turns go to gpu, kept in harombe.yaml', 'harombe cluster drain gpu --undo --save put it back'],
};

export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** Adds the examples above to each command's help; commands with their own `Example` text keep theirs. */
export function addCommandExamples(program: Command): void {
  const visit = (command: Command) => {
    const examples = COMMAND_EXAMPLES[commandPath(command)];
    if (examples) command.addHelpText('after', `\nExample${examples.length > 1 ? 's' : ''}:\n${examples.map((line) => `  ${line}`).join('\n')}`);
    command.commands.forEach(visit);
  };
  program.commands.forEach(visit);
}
