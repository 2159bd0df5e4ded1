// `harombe cluster init | status | test | metrics | add | remove`: the cluster from the terminal, live from a running server when there is one.
import type { Command } from 'commander';
import { ConfigError, configPath, formatConfigProblem } from '../../main/config';
import { allNodesPassed, testNode, type NodeConfigInput } from '../../main/cluster';
import {
  nodeConfigSchema,
  type HarombeConfig,
  type MetricsResponse,
  type NodeStatus,
} from '../../shared';
import { colorEnabled, createTerminalStyle, type TerminalStyle } from '../chat/terminal-style';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli-error';
import { addNodeToConfig, removeNodeFromConfig, setNodeDrainInConfig } from '../cluster/config-nodes';
import { writeClusterTemplate } from '../cluster/cluster-template';
import { hasClusterSection, runInteractiveInit } from '../cluster/cluster-init-flow';
import { withLocalCluster } from '../cluster/local-cluster';
import { renderClusterMetrics } from '../cluster/metrics-table';
import { askNode, nodeBaseUrl, nodeToken } from '../cluster/node-inquiry';
import { nodeFromAnswer } from '../cluster/node-from-address';
import { explainTiers, renderTierExplanations } from '../cluster/tier-explanation';
import { summarizeHardware } from '../../main/cluster/tier-suggestion';
import { detectHardware } from '../../main/hardware';
import { renderNodeTests } from '../cluster/render-node-tests';
import { askServer, findRunningServer, ServerAnswerError } from '../cluster/running-server';
import { onlyDisabledNodes, renderClusterStatus } from '../cluster/status-table';
import { loadCommandConfig } from '../command-config';
import { withConfigOption, type GlobalOptions } from '../program';

interface AddOptions extends GlobalOptions {
  host?: string;
  port?: string;
  name?: string;
  model?: string;
  tier?: string;
  kind?: string;
  token?: string;
  save?: boolean;
}

const FLAGS: Record<string, string> = { name: 'NAME', host: '--host', port: '--port', model: '--model', tier: '--tier', kind: '--kind', auth_token: '--token' };

function print(lines: string | readonly string[]): void {
  process.stdout.write(`${typeof lines === 'string' ? lines : lines.join('\n')}\n`);
}

function terminalStyle(): TerminalStyle {
  return createTerminalStyle(colorEnabled(process.stdout, process.env));
}

function pathOf(command: Command): string {
  return configPath(command.optsWithGlobals<GlobalOptions>().config);
}

/** A config change refused by validation: its problems on stderr, one error line. */
function rethrowConfigError(error: unknown, path: string): never {
  if (!(error instanceof ConfigError)) throw error;
  for (const problem of error.problems) console.error(formatConfigProblem(problem));
  throw new CliError(`${path} was not changed: the result would not be a valid config (listed above)`, EXIT_FAILURE);
}

async function clusterConfig(path: string): Promise<HarombeConfig> {
  const { config } = await loadCommandConfig(path);
  if (!config.cluster) throw new CliError(`${path} has no cluster: section`, EXIT_FAILURE, '`harombe cluster init` writes a commented one to fill in.');
  return config;
}

/** The server's answer, with "this server coordinates no cluster" said in the CLI's words. */
async function fromServer<T>(url: string, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof ServerAnswerError && error.code === 'no_cluster') {
      throw new CliError(`the harombe running at ${url} coordinates no cluster`, EXIT_FAILURE, error.hint);
    }
    throw error;
  }
}

interface InitOptions {
  force?: boolean;
  yes?: boolean;
  browse?: string;
}

async function init(options: InitOptions, command: Command): Promise<void> {
  const path = pathOf(command);
  if (options.yes !== true) {
    if (process.stdin.isTTY && process.stdout.isTTY) {
      if (await interactiveInit(path, options)) return;
    } else print('Not a terminal, so no questions: writing the template (run `harombe cluster init` in a terminal to find your machines; -y skips this note).');
  }
  let outcome;
  try {
    outcome = await writeClusterTemplate(path, options.force === true);
  } catch (error) {
    rethrowConfigError(error, path);
  }
  if (!outcome.written) {
    throw new CliError(`${path} already has a cluster: section; it was left as it is`, EXIT_FAILURE, 'Edit it by hand, or run `harombe cluster init --force` to replace it with the template.');
  }
  const how = { created: 'Wrote', appended: 'Added', replaced: 'Replaced the cluster section with' }[outcome.how];
  print([
    `${how} the cluster template ${outcome.how === 'created' ? 'to' : 'in'} ${path}`,
    '  3 example nodes, disabled (enabled: false) so nothing contacts their addresses: laptop (tier 0), workstation (tier 1), server (tier 2)',
    '  next: `harombe cluster add HOST[:PORT] --save` for each machine running `harombe start` (or edit an example and delete its `enabled: false`), then `harombe cluster test`',
  ]);
}

/** Per node: the tier configured, the one suggested from its machine and model, and why (asks each enabled harombe node). */
async function explain(nodes: NodeStatus[], path: string): Promise<string[]> {
  const tokens = new Map<string, string>();
  const config = await loadCommandConfig(path).then(({ config: loaded }) => loaded, () => undefined);
  for (const node of config?.cluster?.nodes ?? []) if (node.auth_token) tokens.set(node.name, node.auth_token);
  const explanations = await explainTiers(nodes, {
    ask: async (node) => askNode(new URL(node.url), { ...(await nodeToken(node.url, tokens.get(node.name))) }),
    localHardware: async () => summarizeHardware(await detectHardware()),
  });
  return renderTierExplanations(explanations, terminalStyle());
}

/** Browses, asks, tests and writes the chosen nodes; false when none was chosen (the template is written instead). */
async function interactiveInit(path: string, options: InitOptions): Promise<boolean> {
  if (options.force !== true && (await hasClusterSection(path))) {
    throw new CliError(`${path} already has a cluster: section; it was left as it is`, EXIT_FAILURE, 'Add nodes with `harombe cluster add HOST --save`, or run `harombe cluster init --force` to replace the section.');
  }
  const seconds = Number(options.browse ?? '3');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) throw new CliError(`--browse ${options.browse} is not a number of seconds from 1 to 60`, EXIT_USAGE);
  const config = await loadCommandConfig(path).then(({ config: loaded }) => loaded, () => undefined);
  const chosen = await runInteractiveInit({
    path,
    force: options.force === true,
    browseSeconds: seconds,
    ...(config?.cluster?.discovery.mdns_service ? { serviceType: config.cluster.discovery.mdns_service } : {}),
    input: process.stdin,
    output: process.stdout,
    style: terminalStyle(),
  }).catch((error: unknown) => rethrowConfigError(error, path));
  if (chosen.length === 0) {
    print('No node chosen: writing the commented template instead, its example nodes disabled.');
    return false;
  }
  print([`Wrote ${chosen.length} node${chosen.length === 1 ? '' : 's'} to ${path}: ${chosen.map((node) => `${node.name} (tier ${node.tier})`).join(', ')}.`, '  `harombe start` here coordinates them; `harombe cluster status --explain` shows their tiers and why.']);
  return true;
}

async function status(options: { json?: boolean; explain?: boolean }, command: Command): Promise<void> {
  const path = pathOf(command);
  const server = await findRunningServer(path);
  let nodes: NodeStatus[];
  let source: string;
  if (server) {
    nodes = (await fromServer(server, () => askServer(server, (client, signal) => client.call('cluster.nodes.list', { signal })))).nodes;
    source = `live from the harombe running at ${server}`;
  } else {
    nodes = await withLocalCluster(await clusterConfig(path), { includeLocal: true, checkHealth: true }, (cluster) => cluster.nodes());
    source = `from ${path}, checked just now (no harombe server is running)`;
  }
  if (options.json) return print(JSON.stringify({ source: server ? 'server' : 'config', ...(server ? { url: server } : {}), nodes }, null, 2));
  print([`Cluster ${source}:`, ...renderClusterStatus(nodes, terminalStyle()), ...(options.explain ? await explain(nodes, path) : [])]);
}

async function test(options: { timeout?: string }, command: Command): Promise<number> {
  const seconds = Number(options.timeout ?? '60');
  if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError(`--timeout ${options.timeout} is not a number of seconds`, EXIT_USAGE);
  const path = pathOf(command);
  const config = await clusterConfig(path);
  if (config.cluster!.nodes.length === 0) throw new CliError(`${path} lists no nodes under cluster.nodes`, EXIT_FAILURE, '`harombe cluster add HOST[:PORT] --save` asks a machine running `harombe start` and adds it.');
  if (onlyDisabledNodes(config.cluster!.nodes.map((node) => ({ ...node, source: 'config' as const })))) {
    throw new CliError(`${path} lists only disabled nodes (enabled: false), so there is nothing to test`, EXIT_FAILURE, 'Add a real one: `harombe cluster add HOST[:PORT] --save` asks a machine running `harombe start`; `harombe cluster init --force` finds them on your network; or set an example\'s host and model in harombe.yaml and delete its `enabled: false`.');
  }
  const results = await withLocalCluster(config, { includeLocal: false, checkHealth: false }, (cluster) =>
    Promise.all(cluster.registry.list().map((node) => testNode(node, { timeoutMs: 5_000, completionTimeoutMs: seconds * 1000 }))),
  );
  print(renderNodeTests(results, terminalStyle()));
  return allNodesPassed(results) ? EXIT_OK : EXIT_FAILURE;
}

async function metrics(options: { node?: string; json?: boolean }, command: Command): Promise<void> {
  const path = pathOf(command);
  const server = await findRunningServer(path);
  let snapshot: MetricsResponse;
  if (server) {
    snapshot = await askServer(server, (client, signal) => client.call('metrics.get', { signal }));
  } else {
    snapshot = await withLocalCluster(await clusterConfig(path), { includeLocal: true, checkHealth: true }, (cluster) => cluster.metrics.snapshot());
  }
  if (options.node !== undefined) {
    const node = snapshot.nodes.find((candidate) => candidate.name === options.node);
    if (!node) {
      const names = snapshot.nodes.map((candidate) => candidate.name);
      throw new CliError(`there is no node "${options.node}" in the cluster`, EXIT_FAILURE, names.length ? `Its nodes: ${names.join(', ')}.` : 'The cluster has no nodes.');
    }
    snapshot = { ...snapshot, nodes: [node] };
  }
  if (options.json) return print(JSON.stringify(snapshot, null, 2));
  if (server && snapshot.cluster_summary.total_nodes === 0 && snapshot.nodes.length === 0) {
    print(`The harombe running at ${server} coordinates no cluster (no metrics). \`harombe cluster init\` writes a cluster section.`);
    return;
  }
  const lines = renderClusterMetrics(snapshot, terminalStyle(), { total: options.node === undefined });
  print([server ? `Cluster metrics from the harombe running at ${server}:` : `Cluster metrics (no harombe server is running: requests are counted while \`harombe start\` runs):`, ...lines]);
}

/** The node as the user gave it: only the keys given, validated like cluster.nodes in harombe.yaml. */
function nodeFromOptions(name: string, options: AddOptions): NodeConfigInput {
  // In the seed's order (name, host, port, model, tier), so the saved node reads like the others.
  const input: Record<string, unknown> = {
    name,
    host: options.host,
    ...(options.port === undefined ? {} : { port: Number(options.port) }),
    model: options.model,
    tier: Number(options.tier),
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    ...(options.token === undefined ? {} : { auth_token: options.token }),
  };
  const parsed = nodeConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${FLAGS[String(issue.path[0])] ?? issue.path.join('.')}: ${issue.message}`);
    throw new CliError(`the node is not valid: ${problems.join('; ')}`, EXIT_USAGE, 'Tiers are 0, 1 or 2; --kind is harombe, ollama or openai; --port is 1-65535.');
  }
  return input as NodeConfigInput;
}

function describeNode(node: NodeConfigInput): string {
  return `tier ${node.tier}, ${node.kind ?? 'harombe'} at ${node.host}:${node.port ?? 8000}, ${node.model}`;
}

/** `cluster add HOST[:PORT]`: the node asked for its name, model and hardware; the tier given, else the suggested one. */
async function nodeFromAddress(target: string, options: AddOptions): Promise<NodeConfigInput> {
  let url: URL;
  try {
    url = nodeBaseUrl(options.port === undefined ? target : `${target}:${options.port}`);
  } catch (error) {
    throw new CliError(`${(error as Error).message}`, EXIT_USAGE, 'Give HOST or HOST:PORT of a machine running `harombe start`, or a name with --host, --model and --tier.');
  }
  const answer = await askNode(url, await nodeToken(url.href, options.token)).catch((error: unknown) => {
    throw new CliError((error as Error).message, EXIT_FAILURE, 'For a plain Ollama or OpenAI-compatible server: `harombe cluster add NAME --host H --kind ollama --model M --tier N`.');
  });
  const tier = options.tier === undefined ? undefined : Number(options.tier);
  const { node, lines } = nodeFromAnswer(answer, {
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(tier === undefined || !Number.isInteger(tier) ? {} : { tier }),
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  print(lines);
  return nodeFromOptions(node.name, { ...options, host: node.host, port: String(node.port), model: node.model, tier: String(node.tier) });
}

async function add(target: string, options: AddOptions, command: Command): Promise<void> {
  let node: NodeConfigInput;
  if (options.host === undefined) node = await nodeFromAddress(target, options);
  else if (options.model === undefined || options.tier === undefined) {
    throw new CliError('with --host, --model and --tier are needed too', EXIT_USAGE, 'Or give only HOST[:PORT] of a machine running `harombe start`: it is asked for its name, model and hardware.');
  } else node = nodeFromOptions(target, options);
  const name = node.name;
  const path = pathOf(command);
  const save = options.save === true;
  const server = await findRunningServer(path);
  let serverWithoutCluster = false;
  if (server) {
    try {
      await askServer(server, (client, signal) => client.call('cluster.nodes.add', { input: { ...node, ...(save ? { save: true } : {}) }, signal }));
      print(`Added ${name} (${describeNode(node)}) to the harombe running at ${server}${save ? ', and saved it to its config' : ''}.`);
      if (!save) print('  it stays until that server stops; add --save to keep it in harombe.yaml');
      return;
    } catch (error) {
      if (!(error instanceof ServerAnswerError && error.code === 'no_cluster' && save)) throw error;
      serverWithoutCluster = true;
    }
  } else if (!save) {
    throw new CliError('no harombe server is running, so there is no cluster to add the node to now', EXIT_USAGE, 'Add --save to write it to harombe.yaml (it joins when `harombe start` runs).');
  }
  await addNodeToConfig(path, node).catch((error: unknown) => rethrowConfigError(error, path));
  print(`Saved ${name} (${describeNode(node)}) to ${path}.`);
  print(serverWithoutCluster ? `  the harombe running at ${server} has no cluster yet: restart it to use one (\`harombe stop\`, then \`harombe start\`)` : '  it joins the cluster when `harombe start` runs; `harombe cluster test` checks it now');
}

async function remove(name: string, options: GlobalOptions & { save?: boolean }, command: Command): Promise<void> {
  const path = pathOf(command);
  const save = options.save === true;
  const server = await findRunningServer(path);
  if (server) {
    const removed = await fromServer(server, () =>
      askServer(server, (client, signal) => client.call('cluster.nodes.remove', { params: { name }, query: save ? { save: true } : {}, signal })),
    );
    print(`Removed ${name} from the harombe running at ${server}${removed.saved ? ', and from its config' : ''}.`);
    if (!removed.saved && !save) print('  it comes back when that server restarts if harombe.yaml lists it; add --save to delete it there too');
    return;
  }
  if (!save) {
    throw new CliError('no harombe server is running, so there is no cluster to remove the node from now', EXIT_USAGE, 'Add --save to delete it from harombe.yaml.');
  }
  await removeNodeFromConfig(path, name).catch((error: unknown) => rethrowConfigError(error, path));
  print(`Removed ${name} from ${path}.`);
}

/** `harombe cluster drain NAME [--undo] [--save]`: no new turns go to the node (running ones finish); --undo puts it back. */
async function drain(name: string, options: GlobalOptions & { save?: boolean; undo?: boolean }, command: Command): Promise<void> {
  const path = pathOf(command);
  const save = options.save === true;
  const drained = options.undo !== true;
  const done = drained ? 'Drained' : 'Put back';
  const server = await findRunningServer(path);
  if (server) {
    const answer = await fromServer(server, () =>
      askServer(server, (client, signal) => client.call('cluster.nodes.drain', { params: { name }, input: { drain: drained, ...(save ? { save: true } : {}) }, signal })),
    );
    print(`${done} ${name} on the harombe running at ${server}${answer.saved ? ', and in its config' : ''}.`);
    if (drained) print(`  no new turns go there (${answer.node.in_flight} running now will finish); it is still health-checked`);
    if (!answer.saved) print(save ? `  ${name} is not in harombe.yaml, so this lasts until that server stops` : '  until that server stops; add --save to keep it in harombe.yaml');
    return;
  }
  if (!save) {
    throw new CliError('no harombe server is running, so there is no node to drain now', EXIT_USAGE, 'Add --save to set it in harombe.yaml (it applies when `harombe start` runs).');
  }
  await setNodeDrainInConfig(path, name, drained).catch((error: unknown) => rethrowConfigError(error, path));
  print(`${done} ${name} in ${path}${drained ? ' (drain: true)' : ''}.`);
}

export function registerClusterCommand(program: Command): Command {
  const cluster = withConfigOption(program.command('cluster').description('a cluster of machines: write a template, see and test the nodes, add and remove them'));
  withConfigOption(cluster.command('init'))
    .description('find harombe servers on this network and pick them (in a terminal), or with -y write the commented template (an existing cluster section is kept unless --force)')
    .option('-y, --yes', 'no questions: write the template, its example nodes disabled')
    .option('--browse <seconds>', 'how long to listen for harombe servers over mDNS', '3')
    .option('-f, --force', 'replace an existing cluster section')
    .action((options: InitOptions, self: Command) => init(options, self));
  withConfigOption(cluster.command('status'))
    .description('every node by tier: status, latency, requests in flight, circuit (live from a running server, else checked now)')
    .option('--json', 'print the nodes as JSON')
    .option('--explain', 'also each node\'s configured tier, the tier suggested from its hardware and model, and why')
    .action((options: { json?: boolean; explain?: boolean }, self: Command) => status(options, self));
  withConfigOption(cluster.command('test'))
    .description('check every node in cluster.nodes: reachable, key accepted, model there, one tiny completion (exit 1 on any failure)')
    .option('--timeout <seconds>', 'how long the completion may take per node (a model may have to load)', '60')
    .action(async (options: { timeout?: string }, self: Command) => {
      process.exitCode = await test(options, self);
    });
  withConfigOption(cluster.command('metrics'))
    .description('requests, success rate, latency and tokens per node')
    .option('--node <name>', 'only this node')
    .option('--json', 'print the metrics as JSON (the shape of GET /metrics)')
    .action((options: { node?: string; json?: boolean }, self: Command) => metrics(options, self));
  withConfigOption(cluster.command('add').argument('<target>', 'HOST[:PORT] of a harombe to ask for its name, model and hardware; or, with --host, a name for the node'))
    .description('add a node to the running server, and with --save to harombe.yaml (comments kept); HOST[:PORT] asks the node and suggests its tier')
    .option('--host <host>', 'its address (a name, an IP, or a URL with https://); then --model and --tier are needed')
    .option('--port <port>', 'its port (default 8000)')
    .option('--name <name>', 'with HOST[:PORT]: a name other than the one the node gives')
    .option('--model <model>', 'the model it serves (with HOST[:PORT]: default the one it serves)')
    .option('--tier <tier>', '0 fast, 1 medium, 2 powerful (with HOST[:PORT]: default the suggested tier)')
    .option('--kind <kind>', 'what answers there: harombe (default), ollama or openai')
    .option('--token <token>', 'bearer token it expects (its server.auth_token, or an API key)')
    .option('--save', 'also write it to cluster.nodes in harombe.yaml (required when no server runs)')
    .action((name: string, options: AddOptions, self: Command) => add(name, options, self));
  withConfigOption(cluster.command('remove').alias('rm').argument('<name>', 'the node to remove'))
    .description('remove a node from the running server, and with --save from harombe.yaml')
    .option('--save', 'also delete it from cluster.nodes in harombe.yaml (required when no server runs)')
    .action((name: string, options: GlobalOptions & { save?: boolean }, self: Command) => remove(name, options, self));
  withConfigOption(cluster.command('drain').argument('<name>', 'the node to drain'))
    .description('maintenance: route no new turns to a node (running ones finish; still checked); --undo puts it back')
    .option('--undo', 'put the node back: turns are routed to it again')
    .option('--save', 'also set (or with --undo remove) drain: true on it in harombe.yaml (required when no server runs)')
    .action((name: string, options: GlobalOptions & { save?: boolean; undo?: boolean }, self: Command) => drain(name, options, self));
  cluster.addHelpText(
    'after',
    '\nExamples:\n  harombe cluster init\n  harombe cluster status\n  harombe cluster test\n  harombe cluster add gpu --host 192.168.1.50 --port 11434 --kind ollama --model qwen2.5:14b --tier 1 --save\n  harombe cluster metrics --node gpu\n  harombe cluster drain gpu --save',
  );
  return cluster;
}
