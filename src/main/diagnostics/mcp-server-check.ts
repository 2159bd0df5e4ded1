// Doctor's MCP checks: each enabled server in mcp: starts and lists its tools within its startup_timeout, or fails with
// the reason, its last stderr lines and what to do. The servers are started just to look, then stopped.
import { join } from 'node:path';
import type { HarombeConfig, McpServerConfig, McpServerStatus } from '../../shared';
import { harombeHome, hideSecrets, prepareConfiguredWorkspace, secretValues } from '../config';
import { probeMcpServers, type McpProbeOptions } from '../tools/mcp';
import { failed, passed, skipped, warned, type DiagnosticCheck } from './diagnostic-check';

/** Starts every server of `config.mcp`, lists its tools and stops it (see probeMcpServers). */
export type McpStatusProbe = (config: HarombeConfig, configPath: string) => Promise<McpServerStatus[]>;

/**
 * What a harombe started from `configPath` gives its MCP servers: the tools' workspace to run in (made when missing, as
 * `harombe start` would) and the tokens no server's environment may carry.
 */
export async function mcpProbeOptions(config: HarombeConfig, configPath: string): Promise<McpProbeOptions> {
  const workspace = await prepareConfiguredWorkspace(config.tools.workspace, join(harombeHome(), 'workspace'), configPath);
  const secrets = [config.server.auth_token, ...(config.cluster?.nodes ?? []).map((node) => node.auth_token)].filter((value): value is string => Boolean(value));
  return { workspace, secrets };
}

export const probeConfiguredMcpServers: McpStatusProbe = async (config, configPath) => probeMcpServers(config.mcp, await mcpProbeOptions(config, configPath));

function target(server: McpServerConfig): string {
  return server.url ?? [server.command ?? '', ...server.args].join(' ');
}

/** What to do about a server that did not start, from what went wrong. */
function fixFor(name: string, server: McpServerConfig, reason: string): string {
  const key = `mcp.${name}`;
  const off = `or switch it off with ${key}.enabled: false`;
  if (server.url !== undefined) {
    return `Check that an MCP server (streamable HTTP) answers at ${server.url} and that ${key}.headers carry what it asks for, ${off}.`;
  }
  if (/\bENOENT\b|not found/i.test(reason)) {
    return `\`${server.command}\` was not found: install it (npx comes with Node.js, uvx with uv) or write its full path in ${key}.command, ${off}.`;
  }
  if (/did not answer within/.test(reason)) {
    return `Run \`${target(server)}\` in a terminal to see what it does (a first npx run downloads the package), or raise ${key}.startup_timeout, ${off}.`;
  }
  return `Run \`${target(server)}\` in a terminal to see why it stops (its last lines are above), fix ${key} in harombe.yaml, ${off}.`;
}

function checkOne(name: string, server: McpServerConfig, status: McpServerStatus | undefined, secrets: readonly string[]): DiagnosticCheck {
  const id = `mcp:${name}`;
  const label = `MCP ${name}`;
  if (!server.enabled) return skipped(id, label, `switched off (${`mcp.${name}.enabled`}: false)`);
  if (status?.status === 'ready') {
    const count = status.tools.length;
    const detail = `${count} tool${count === 1 ? '' : 's'} from ${target(server)}`;
    if (count === 0) return warned(id, label, `${detail}: it started but offers no tools`, { fix: `Check mcp.${name}.tools: every tool may be switched off there.` });
    return passed(id, label, detail);
  }
  if (status?.status === 'starting' || status?.status === 'restarting') {
    // Only a running harombe answers this (a probe waits for each server to settle): it is on its way, not broken.
    const why = status.reason ? `: ${hideSecrets(status.reason, secrets)}` : '';
    return warned(id, label, `still ${status.status} in the running harombe${why}`, { fix: 'Run `harombe doctor` (or `harombe mcp list`) again in a moment.' });
  }
  // A server may print its own key; the secrets the config gave it are hidden wherever they appear.
  const reason = hideSecrets(status?.reason ?? `the MCP server "${name}" did not report a status`, secrets);
  const problems = (status?.stderr_tail ?? []).map((line) => `stderr: ${hideSecrets(line, secrets)}`);
  return failed(id, label, reason, { problems, fix: fixFor(name, server, reason) });
}

/** One check per configured server, in config order; the enabled ones are started together, each within its timeout. */
export async function checkMcpServers(config: HarombeConfig, configPath: string, probe: McpStatusProbe = probeConfiguredMcpServers): Promise<DiagnosticCheck[]> {
  const servers = Object.entries(config.mcp);
  if (servers.length === 0) return [];
  const secrets = secretValues(config);
  let statuses: McpServerStatus[];
  try {
    statuses = servers.some(([, server]) => server.enabled) ? await probe(config, configPath) : [];
  } catch (error) {
    const message = hideSecrets(error instanceof Error ? error.message : String(error), secrets);
    return [failed('mcp', 'MCP servers', `could not be started to check them: ${message}`, { fix: 'Fix what the message names, then run `harombe doctor` again.' })];
  }
  const byName = new Map(statuses.map((status) => [status.name, status]));
  return servers.map(([name, server]) => checkOne(name, server, byName.get(name), secrets));
}
