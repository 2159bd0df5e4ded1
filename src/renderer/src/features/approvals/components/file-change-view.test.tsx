// @vitest-environment jsdom
// A file write's approval shows its diff whole: added and removed lines with their signs (not colour alone), a new file all added.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { FileChange } from '../../../../../shared/file-change-schema';
import { ApprovalCard } from './approval-card';

function renderWrite(fileChange: FileChange | undefined, content = 'one\n2\n') {
  render(
    <ApprovalCard
      toolName="write_file"
      toolArguments={{ path: 'notes.md', content }}
      description="write_file: write 6 bytes to notes.md"
      fileChange={fileChange}
      workspace="/home/me/.harombe/workspace"
      state="pending"
      onAnswer={vi.fn()}
    />,
  );
}

const lines = (label: string) => [...screen.getByLabelText(label).querySelectorAll('[data-kind]')].map((line) => [line.getAttribute('data-kind'), line.textContent]);

describe('a file write approval', () => {
  it('shows the change against the current file: each removed and added line with its sign', () => {
    renderWrite({ kind: 'diff', path: 'notes.md', new_file: false, added: 1, removed: 1, hunks: [{ old_start: 1, old_lines: 2, new_start: 1, new_lines: 2, lines: [' one', '-two', '+2'] }] });
    expect(screen.getByText('1 added, 1 removed')).toBeInTheDocument();
    expect(lines('Changes to notes.md')).toEqual([
      ['kept', ' one\n'],
      ['removed', '-two\n'],
      ['added', '+2\n'],
    ]);
    expect(screen.getByLabelText('Changes to notes.md')).toHaveTextContent('@@ -1,2 +1,2 @@');
    expect(screen.getByLabelText('Changes to notes.md').querySelector('.file-diff-removed')).not.toBeNull();
  });

  it('shows a new file as all added', () => {
    renderWrite({ kind: 'diff', path: 'notes.md', new_file: true, added: 2, removed: 0, hunks: [{ old_start: 0, old_lines: 0, new_start: 1, new_lines: 2, lines: ['+one', '+2'] }] });
    expect(screen.getByText('2 lines, all added')).toBeInTheDocument();
    expect(lines('Changes to notes.md').map(([kind]) => kind)).toEqual(['added', 'added']);
  });

  it('says a file too large to diff, with its size, and still shows the whole content', () => {
    // The figure write_file's own description gives for the same bytes (decimal, as everywhere in harombe).
    renderWrite({ kind: 'too_large', path: 'notes.md', bytes: 3_400_000 }, 'all of it');
    expect(screen.getByText(/File too large to diff — 3\.4 MB/)).toBeInTheDocument();
    expect(screen.getByLabelText('Content to write').textContent).toBe('all of it');
  });

  it('without a change from the server (an older server), shows the content to write', () => {
    renderWrite(undefined, 'plain content');
    expect(screen.getByLabelText('Content to write').textContent).toBe('plain content');
  });
});
