// `harombe approvals list | add | rm`: the rules read before anyone is asked about a tool call (tools.approvals).
import type { Command } from 'commander';
import { configPath } from '../../main/config/paths';
import { addApproval, listApprovals, removeApproval, ruleFrom, type ApprovalsDependencies } from '../approvals/approval-rules-cli';
import { askServer, findRunningServer } from '../cluster/running-server';
import { withConfigOption, type GlobalOptions } from '../program';

export type ApprovalsCommandDependencies = ApprovalsDependencies & { env: NodeJS.ProcessEnv; setExitCode: (code: number) => void };

function defaultDependencies(): ApprovalsCommandDependencies {
  return {
    stdout: process.stdout,
    env: process.env,
    findRunningServer,
    askServer,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerApprovalsCommand(program: Command, overrides: Partial<ApprovalsCommandDependencies> = {}): Command {
  const dependencies = (): ApprovalsCommandDependencies => ({ ...defaultDependencies(), ...overrides });
  const approvals = withConfigOption(program.command('approvals').description('the approval rules (tools.approvals): what runs, is asked or is refused'));
  approvals.addHelpText(
    'after',
    [
      '',
      'Examples:',
      '  harombe approvals list',
      '  harombe approvals add allow shell "git status"        git status (and git status -s …) run without asking',
      '  harombe approvals add allow shell "git push origin main" --exact   that command only, nothing longer',
      '  harombe approvals add deny read_file "**/.env"',
      '  harombe approvals add allow fs__read_file --arg path="docs/**"',
      '  harombe approvals rm 3f9a1c02de',
      '',
      'With a harombe running, changes go through it and apply at once; otherwise harombe.yaml is edited (comments kept).',
    ].join('\n'),
  );
  withConfigOption(approvals.command('list', { isDefault: true }))
    .description('each rule with its id, place, decision and any problem, and the default approval mode')
    .option('--json', 'print the rules as JSON')
    .action(async (_options: unknown, self: Command) => {
      const run = dependencies();
      const options = self.optsWithGlobals<GlobalOptions & { json?: boolean }>();
      run.setExitCode(await listApprovals(configPath(options.config, run.env), options, run));
    });
  withConfigOption(approvals.command('add'))
    .argument('<decision>', 'allow, ask or deny')
    .argument('<tool>', 'shell, read_file, write_file, list_directory, web_search, an MCP server__tool, or * for every tool')
    .argument('[match]', 'shell: a command prefix by words ("git status"); file tools: a path glob ("notes/**")')
    .option('--exact', 'shell: the command must be exactly match, nothing after it (git push origin main, not … --tags)')
    .option('--arg <name=glob>', "other tools (MCP): an argument's value must match the glob (repeatable)", collect)
    .description('add a rule at the end of tools.approvals')
    .action(async (decision: string, tool: string, match: string | undefined, _options: unknown, self: Command) => {
      const run = dependencies();
      const options = self.optsWithGlobals<GlobalOptions & { arg?: string[]; exact?: boolean }>();
      const rule = ruleFrom(decision, tool, match, options.arg ?? [], options.exact === true);
      run.setExitCode(await addApproval(configPath(options.config, run.env), rule, run));
    });
  withConfigOption(approvals.command('rm'))
    .alias('remove')
    .argument('<id>', 'the id `harombe approvals list` shows')
    .description('remove a rule by its id')
    .action(async (id: string, _options: unknown, self: Command) => {
      const run = dependencies();
      const options = self.optsWithGlobals<GlobalOptions>();
      run.setExitCode(await removeApproval(configPath(options.config, run.env), id, run));
    });
  return approvals;
}
