// What a dangerous call will do, whole: the shell command, or a file write's path and its diff (or content); anything else as JSON.
import type { FileChange } from '../../../../../shared/file-change-schema';
import { FileChangeView, noDiffReason } from './file-change-view';

export interface ToolActionProps {
  toolName: string;
  toolArguments: unknown;
  /** A file write's change against the current file (the server reads it when it asks). */
  fileChange?: FileChange | undefined;
}

function field(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}

export function prettyArguments(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

export function ToolAction({ toolName, toolArguments, fileChange }: ToolActionProps) {
  const command = toolName === 'shell' ? field(toolArguments, 'command') : undefined;
  if (command !== undefined) {
    return (
      <div className="tool-action">
        <span className="tool-action-label">Command</span>
        <pre className="tool-action-code" aria-label="Command to run" tabIndex={0}>
          {command}
        </pre>
      </div>
    );
  }
  const path = toolName === 'write_file' ? field(toolArguments, 'path') : undefined;
  if (path !== undefined) {
    return (
      <div className="tool-action">
        <span className="tool-action-label">File</span>
        <code className="tool-action-path">{path}</code>
        {fileChange?.kind === 'diff' ? (
          <FileChangeView change={fileChange} />
        ) : (
          <>
            {fileChange && <p className="file-diff-summary">{noDiffReason(fileChange)}</p>}
            <span className="tool-action-label">Content to write</span>
            <pre className="tool-action-code" aria-label="Content to write" tabIndex={0}>
              {field(toolArguments, 'content') ?? ''}
            </pre>
          </>
        )}
      </div>
    );
  }
  return (
    <div className="tool-action">
      <span className="tool-action-label">Arguments</span>
      <pre className="tool-action-code" aria-label="Arguments" tabIndex={0}>
        {prettyArguments(toolArguments)}
      </pre>
    </div>
  );
}
