// A file write's change as the approval shows it: every added and removed line, marked by colour and by its + / - sign.
import type { FileChange } from '../../../../../shared/file-change-schema';
import { formatBytes } from '../../../../../shared/format';

const LINE_KIND: Record<string, { className: string; words: string }> = {
  '+': { className: 'file-diff-added', words: 'added' },
  '-': { className: 'file-diff-removed', words: 'removed' },
};

/** Why there is no diff, in words; undefined when there is one. */
export function noDiffReason(change: FileChange): string | undefined {
  if (change.kind === 'too_large') return `File too large to diff — ${formatBytes(change.bytes)}. The whole content to write is below.`;
  if (change.kind === 'binary') return `The current file is binary (${formatBytes(change.bytes)}); it will be replaced by the content below.`;
  return undefined;
}

export function FileChangeView({ change }: { change: Extract<FileChange, { kind: 'diff' }> }) {
  const summary = change.new_file
    ? `${change.added} ${change.added === 1 ? 'line' : 'lines'}, all added`
    : change.hunks.length === 0
      ? 'No change: the file already holds this content'
      : `${change.added} added, ${change.removed} removed`;
  return (
    <>
      <span className="tool-action-label">{change.new_file ? 'New file' : 'Changes to the current file'}</span>
      <p className="file-diff-summary">{summary}</p>
      {change.hunks.length > 0 && (
        <pre className="tool-action-code file-diff" aria-label={`Changes to ${change.path}`} tabIndex={0}>
          {change.hunks.map((hunk, index) => (
            <span key={index} className="file-diff-hunk">
              {!change.new_file && (
                <span className="file-diff-header">{`@@ -${hunk.old_start},${hunk.old_lines} +${hunk.new_start},${hunk.new_lines} @@\n`}</span>
              )}
              {hunk.lines.map((line, lineIndex) => {
                const kind = LINE_KIND[line[0] ?? ''];
                // The sign stays in the text (not colour alone), and a screen reader hears the line's kind.
                return (
                  <span key={lineIndex} className={kind?.className ?? 'file-diff-context'} data-kind={kind?.words ?? 'kept'}>
                    {`${line}\n`}
                  </span>
                );
              })}
            </span>
          ))}
        </pre>
      )}
    </>
  );
}
