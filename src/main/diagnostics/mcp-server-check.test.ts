import { describe, expect, it } from 'vitest';
import { harombeConfigSchema, REDACTED, type HarombeConfigInput, type McpServerStatus } from '../../shared';
import { checkMcpServers, type McpStatusProbe } from './mcp-server-check';

const config = (mcp: HarombeConfigInput['mcp']) => harombeConfigSchema.parse({ mcp });

function probeAnswering(statuses: McpServerStatus[]): McpStatusProbe & { calls: number } {
  const probe = Object.assign(async () => {
    probe.calls += 1;
    return statuses;
  }, { calls: 0 });
  return probe;
}

describe('checkMcpServers', () => {
  it('adds nothing when no server is configured, and starts nothing', async () => {
    const probe = probeAnswering([]);
    expect(await checkMcpServers(config({}), 'harombe.yaml', probe)).toEqual([]);
    expect(probe.calls).toBe(0);
  });

  it('passes a ready server with its tool count, skips a switched-off one without starting anything', async () => {
    const probe = probeAnswering([{ name: 'files', transport: 'stdio', enabled: true, status: 'ready', tools: ['files__read', 'files__write'] }]);
    const checks = await checkMcpServers(config({ files: { command: 'npx', args: ['-y', 'fs-server', '/srv'] }, off: { url: 'http://127.0.0.1:1/mcp', enabled: false } }), 'harombe.yaml', probe);
    expect(checks).toEqual([
      { id: 'mcp:files', name: 'MCP files', status: 'pass', detail: '2 tools from npx -y fs-server /srv' },
      { id: 'mcp:off', name: 'MCP off', status: 'skip', detail: 'switched off (mcp.off.enabled: false)' },
    ]);
    expect((await checkMcpServers(config({ off: { command: 'x', enabled: false } }), 'harombe.yaml', probe)).map((check) => check.status)).toEqual(['skip']);
    expect(probe.calls).toBe(1);
  });

  it('fails a server that did not start with the reason, its stderr tail (secrets hidden) and a fix for the case', async () => {
    const probe = probeAnswering([
      {
        name: 'gh',
        transport: 'stdio',
        enabled: true,
        status: 'failed',
        reason: 'the MCP server "gh" stopped (exit code 1): Bad credentials for ghp_doctor_secret',
        stderr_tail: ['token ghp_doctor_secret refused', 'Bad credentials for ghp_doctor_secret'],
        tools: [],
      },
      { name: 'missing', transport: 'stdio', enabled: true, status: 'failed', reason: 'the MCP server "missing" could not be started (nosuch): spawn nosuch ENOENT', tools: [] },
      { name: 'slow', transport: 'stdio', enabled: true, status: 'failed', reason: 'the MCP server "slow" did not answer within 30 s (mcp.slow.startup_timeout)', tools: [] },
      { name: 'web', transport: 'http', enabled: true, status: 'failed', reason: 'the MCP server "web" could not be started (http://127.0.0.1:1/mcp): fetch failed', tools: [] },
    ]);
    const checks = await checkMcpServers(
      config({
        gh: { command: 'npx', args: ['-y', 'gh-server'], env: { GITHUB_TOKEN: 'ghp_doctor_secret' } },
        missing: { command: 'nosuch' },
        slow: { command: 'npx', args: ['slow-server'] },
        web: { url: 'http://127.0.0.1:1/mcp', headers: { Authorization: 'Bearer web_doctor_secret' } },
      }),
      'harombe.yaml',
      probe,
    );
    expect(checks.map((check) => check.status)).toEqual(['fail', 'fail', 'fail', 'fail']);
    const [gh, missing, slow, web] = checks;
    expect(gh).toMatchObject({
      detail: `the MCP server "gh" stopped (exit code 1): Bad credentials for ${REDACTED}`,
      problems: [`stderr: token ${REDACTED} refused`, `stderr: Bad credentials for ${REDACTED}`],
      fix: 'Run `npx -y gh-server` in a terminal to see why it stops (its last lines are above), fix mcp.gh in harombe.yaml, or switch it off with mcp.gh.enabled: false.',
    });
    expect(missing?.fix).toContain('`nosuch` was not found: install it');
    expect(slow?.fix).toContain('or raise mcp.slow.startup_timeout');
    expect(web?.fix).toContain('Check that an MCP server (streamable HTTP) answers at http://127.0.0.1:1/mcp');
    expect(JSON.stringify(checks)).not.toMatch(/doctor_secret/);
  });

  it("warns of a server a running harombe is still starting or restarting, with its reason, instead of failing it", async () => {
    const probe = probeAnswering([
      { name: 'slow', transport: 'stdio', enabled: true, status: 'starting', tools: [] },
      { name: 'shaky', transport: 'stdio', enabled: true, status: 'restarting', reason: 'the MCP server "shaky" stopped (exit code 1); starting it again in 2 s', tools: [] },
    ]);
    const checks = await checkMcpServers(config({ slow: { command: 'slow-server' }, shaky: { command: 'shaky-server' } }), 'harombe.yaml', probe);
    const again = 'Run `harombe doctor` (or `harombe mcp list`) again in a moment.';
    expect(checks).toEqual([
      { id: 'mcp:slow', name: 'MCP slow', status: 'warn', detail: 'still starting in the running harombe', fix: again },
      { id: 'mcp:shaky', name: 'MCP shaky', status: 'warn', detail: 'still restarting in the running harombe: the MCP server "shaky" stopped (exit code 1); starting it again in 2 s', fix: again },
    ]);
  });

  it('a probe that throws becomes one failed check saying so', async () => {
    const probe: McpStatusProbe = async () => {
      throw new Error('cannot use /proc/x as the tools workspace');
    };
    expect(await checkMcpServers(config({ a: { command: 'x' } }), 'harombe.yaml', probe)).toEqual([
      expect.objectContaining({ id: 'mcp', status: 'fail', detail: 'could not be started to check them: cannot use /proc/x as the tools workspace' }),
    ]);
  });
});
