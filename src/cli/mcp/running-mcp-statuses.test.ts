import { describe, expect, it } from 'vitest';
import { harombeConfigSchema, type McpServerStatus, type ToolsResponse } from '../../shared';
import { mcpStatusesPreferringRunning } from './running-mcp-statuses';

const config = harombeConfigSchema.parse({ mcp: { files: { command: 'files-server' } } });
const RUNNING: McpServerStatus[] = [{ name: 'files', transport: 'stdio', enabled: true, status: 'ready', tools: ['files__read'] }];
const PROBED: McpServerStatus[] = [{ name: 'files', transport: 'stdio', enabled: true, status: 'failed', reason: 'probed', tools: [] }];

function sources(running: string | undefined, answer: () => Promise<ToolsResponse>) {
  const probes: string[] = [];
  const probe = async (_config: unknown, path: string) => {
    probes.push(path);
    return PROBED;
  };
  return { probes, statuses: mcpStatusesPreferringRunning({ findRunningServer: async () => running, askTools: answer, probe }) };
}

const toolsAnswer = async (): Promise<ToolsResponse> => ({ tools: [], confirm_dangerous: true, sandbox: { mode: 'auto' }, mcp_servers: RUNNING });

describe("doctor's MCP statuses", () => {
  it("take the running harombe's own and start no second copy of any server", async () => {
    const { probes, statuses } = sources('http://127.0.0.1:8000', toolsAnswer);
    expect(await statuses(config, '/h/harombe.yaml')).toEqual(RUNNING);
    expect(probes).toEqual([]);
  });

  it('start each server to look when no harombe runs, or when the running one cannot answer', async () => {
    const none = sources(undefined, toolsAnswer);
    expect(await none.statuses(config, '/h/harombe.yaml')).toEqual(PROBED);
    const refusing = sources('http://127.0.0.1:8000', () => Promise.reject(new Error('401: the local token was refused')));
    expect(await refusing.statuses(config, '/h/harombe.yaml')).toEqual(PROBED);
    expect([...none.probes, ...refusing.probes]).toEqual(['/h/harombe.yaml', '/h/harombe.yaml']);
  });
});
