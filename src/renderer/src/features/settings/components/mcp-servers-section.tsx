// Settings › MCP servers: each configured server's status (ready / starting / failed with its reason and stderr tail /
// disabled), its transport and its tools (the dangerous ones marked), or how to add one when there are none.
import type { McpServerState, McpServerStatus, ToolsResponse } from '../../../../../shared/api-schemas';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { useToolsStatus } from '../api/approval-queries';
import './approvals-settings.css';

const STATUS_WORDS: Record<McpServerState, string> = {
  ready: 'Ready',
  starting: 'Starting…',
  restarting: 'Restarting…',
  failed: 'Failed',
  disabled: 'Disabled',
};

const TRANSPORT_WORDS: Record<McpServerStatus['transport'], string> = {
  stdio: 'stdio (a command harombe runs)',
  http: 'streamable HTTP',
};

function ServerCard({ server, tools }: { server: McpServerStatus; tools: ToolsResponse['tools'] }) {
  const dangerous = new Map(tools.filter((tool) => tool.server === server.name).map((tool) => [tool.name, tool.dangerous]));
  const headingId = `mcp-server-${server.name}`;
  return (
    <li className="mcp-server" aria-labelledby={headingId}>
      <div className="mcp-server-header">
        <h3 id={headingId}>{server.name}</h3>
        <span className={`mcp-server-status mcp-server-${server.status}`}>{STATUS_WORDS[server.status]}</span>
        <span className="mcp-server-transport">{TRANSPORT_WORDS[server.transport]}</span>
      </div>
      {server.reason && (
        <p className={server.status === 'failed' ? 'mcp-server-reason mcp-server-reason-failed' : 'mcp-server-reason'}>
          <InlineCodeText text={server.reason} />
        </p>
      )}
      {server.stderr_tail && server.stderr_tail.length > 0 && (
        <details className="mcp-server-stderr">
          <summary>
            The last {server.stderr_tail.length === 1 ? 'line' : `${server.stderr_tail.length} lines`} it wrote to stderr
          </summary>
          <pre tabIndex={0} aria-label={`${server.name} stderr`}>
            {server.stderr_tail.join('\n')}
          </pre>
        </details>
      )}
      {server.tools.length > 0 ? (
        <ul className="mcp-server-tools" aria-label={`${server.name} tools`}>
          {server.tools.map((name) => (
            <li key={name}>
              <code>{name}</code>
              {dangerous.get(name) === false ? (
                <span className="mcp-tool-safe">read-only</span>
              ) : (
                <span className="mcp-tool-dangerous">dangerous — asked first</span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        server.status === 'ready' && <p className="settings-note">It offers no tools.</p>
      )}
    </li>
  );
}

export function McpServersSection() {
  const tools = useToolsStatus();
  const servers = tools.data?.mcp_servers ?? [];
  return (
    <section className="settings-section" aria-labelledby="settings-mcp">
      <h2 id="settings-mcp">MCP servers</h2>
      <p className="settings-note">
        Model Context Protocol servers whose tools join the built-ins, named <code>server__tool</code>. A tool is dangerous (asked first) unless its server marks it read-only.
      </p>
      {tools.isError ? (
        <p className="settings-field-problem" role="alert">
          Could not read the tools: {tools.error.message}
        </p>
      ) : !tools.data ? (
        <p className="settings-note">Reading the tools…</p>
      ) : servers.length === 0 ? (
        <p className="settings-empty">
          <InlineCodeText text="No MCP servers yet. Add one with `harombe mcp import FILE` (the mcpServers JSON other apps use), or under `mcp:` in harombe.yaml." />
        </p>
      ) : (
        <ul className="mcp-servers" aria-label="MCP servers">
          {servers.map((server) => (
            <ServerCard key={server.name} server={server} tools={tools.data.tools} />
          ))}
        </ul>
      )}
    </section>
  );
}
