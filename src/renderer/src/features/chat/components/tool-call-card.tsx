// A tool call in an answer, as a collapsible card: tool, arguments, output, duration, and how it ended.
import * as Collapsible from '@radix-ui/react-collapsible';
import { Ban, Check, ChevronRight, LoaderCircle, ShieldQuestion, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { prettyArguments } from '../../approvals';
import type { ToolCallStatus, ToolCallView } from '../model/turn-state';

const STATUS: Record<ToolCallStatus, { label: string; icon: ReactNode }> = {
  running: { label: 'running', icon: <LoaderCircle size={14} className="spin" aria-hidden /> },
  waiting: { label: 'waiting for you', icon: <ShieldQuestion size={14} aria-hidden /> },
  succeeded: { label: 'done', icon: <Check size={14} aria-hidden /> },
  failed: { label: 'failed', icon: <TriangleAlert size={14} aria-hidden /> },
  denied: { label: 'denied', icon: <Ban size={14} aria-hidden /> },
};

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One line saying what the call does: `shell: ls -la`, `read_file: notes.md`, else the tool name. */
function summary(call: ToolCallView): string {
  const args = call.arguments;
  if (typeof args === 'object' && args !== null) {
    const first = ['command', 'path', 'query', 'url'].map((key) => (args as Record<string, unknown>)[key]).find((value) => typeof value === 'string');
    if (typeof first === 'string') return first;
  }
  return '';
}

export function ToolCallCard({ call, defaultOpen = false }: { call: ToolCallView; defaultOpen?: boolean }) {
  const status = STATUS[call.status];
  return (
    <Collapsible.Root className={`tool-card tool-card-${call.status}`} defaultOpen={defaultOpen}>
      <Collapsible.Trigger className="tool-card-trigger">
        <ChevronRight size={14} className="tool-card-chevron" aria-hidden />
        <code className="tool-card-name">{call.name}</code>
        <span className="tool-card-summary">{summary(call)}</span>
        <span className="tool-card-status">
          {status.icon}
          {status.label}
          {call.ms !== undefined && call.status !== 'denied' ? ` · ${formatMs(call.ms)}` : ''}
        </span>
      </Collapsible.Trigger>
      <Collapsible.Content className="tool-card-body">
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
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
