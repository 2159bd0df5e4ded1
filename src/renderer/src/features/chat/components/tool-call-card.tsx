// A tool call in an answer, as a collapsible card: tool (and the MCP server it went to), arguments, output, duration, and how it ended.
import { Ban, Check, ChevronRight, LoaderCircle, ShieldQuestion, TriangleAlert } from 'lucide-react';
import { useId, useState, type ReactNode } from 'react';
import { formatDuration } from '../../../../../shared/format';
import { prettyArguments } from '../../approvals';
import type { ToolCallStatus, ToolCallView } from '../model/turn-state';
import './tool-call-card.css';

const STATUS: Record<ToolCallStatus, { label: string; icon: ReactNode }> = {
  running: { label: 'running', icon: <LoaderCircle size={14} className="spin" aria-hidden /> },
  waiting: { label: 'waiting for you', icon: <ShieldQuestion size={14} aria-hidden /> },
  succeeded: { label: 'done', icon: <Check size={14} aria-hidden /> },
  failed: { label: 'failed', icon: <TriangleAlert size={14} aria-hidden /> },
  denied: { label: 'denied', icon: <Ban size={14} aria-hidden /> },
};

/** One line saying what the call does: `shell: ls -la`, `read_file: notes.md`, else the tool name. */
function summary(call: ToolCallView): string {
  const args = call.arguments;
  if (typeof args === 'object' && args !== null) {
    const first = ['command', 'path', 'query', 'url'].map((key) => (args as Record<string, unknown>)[key]).find((value) => typeof value === 'string');
    if (typeof first === 'string') return first;
  }
  return '';
}

/**
 * A plain disclosure (a button with aria-expanded, the body rendered only while open) rather than Radix Collapsible,
 * whose closed content still mounts and reads its computed style and size: a forced layout per card, which made
 * scrolling a long conversation (every card mounting as it comes into view) stutter.
 */
export function ToolCallCard({ call, defaultOpen = false }: { call: ToolCallView; defaultOpen?: boolean }) {
  const status = STATUS[call.status];
  const [open, setOpen] = useState(defaultOpen);
  const bodyId = useId();
  const state = open ? 'open' : 'closed';
  return (
    <div className={`tool-card tool-card-${call.status}`} data-state={state}>
      <button type="button" className="tool-card-trigger" data-state={state} aria-expanded={open} aria-controls={open ? bodyId : undefined} onClick={() => setOpen(!open)}>
        <ChevronRight size={14} className="tool-card-chevron" aria-hidden />
        <code className="tool-card-name">{call.name}</code>
        {call.server !== undefined && <span className="tool-card-server">MCP server {call.server}</span>}
        <span className="tool-card-summary">{summary(call)}</span>
        <span className="tool-card-status">
          {status.icon}
          {status.label}
          {call.ms !== undefined && call.status !== 'denied' ? ` · ${formatDuration(call.ms)}` : ''}
        </span>
      </button>
      {open && (
        <div id={bodyId} className="tool-card-body" data-state={state}>
          <span className="tool-card-label">Arguments</span>
          <pre className="tool-card-pre">{prettyArguments(call.arguments)}</pre>
          {call.output !== undefined && (
            <>
              <span className="tool-card-label">Output</span>
              <pre className="tool-card-pre" aria-label={`${call.name} output`}>
                {call.output === '' ? '(no output)' : call.output}
              </pre>
            </>
          )}
        </div>
      )}
    </div>
  );
}
