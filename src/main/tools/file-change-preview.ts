// A file write's change against the current file, for its approval: read under the file tools' workspace rules, diffed with jsdiff.
import { structuredPatch } from 'diff';
import type { FileChange } from '../../shared';
import { resolveInWorkspace, WorkspacePathError } from './workspace';
import { WorkspaceFiles } from './workspace-file-access';

/** Past this (the current file or the new content), the card shows the content and says the file is too large to diff. */
export const DIFF_MAX_BYTES = 256 * 1024;
/** jsdiff gives up past this; a change that slow to diff is shown as too large rather than holding the turn. */
const DIFF_TIMEOUT_MS = 500;
// Git's heuristic: a NUL byte in the first 8000 bytes means binary.
const BINARY_SNIFF_BYTES = 8000;

export interface FileWrite {
  path: string;
  content: string;
  append: boolean;
}

export interface PreviewPlace {
  workspace: string;
  /** harombe's own paths, refused even inside the workspace. */
  hidden?: readonly string[] | undefined;
}

type Current = { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'binary' | 'too_large'; bytes: number };

/** The file as it is now; undefined when the write would be refused anyway (outside the workspace, a folder, a pipe). */
async function readCurrent(place: PreviewPlace, path: string): Promise<Current | undefined> {
  // Checked as the write will check it: a path outside the workspace or in harombe's home is never read.
  await resolveInWorkspace(place.workspace, path, { forWrite: true, hidden: place.hidden ?? [] });
  let file;
  try {
    file = await new WorkspaceFiles(place.workspace, undefined, place.hidden).open(path);
  } catch (error) {
    if (error instanceof WorkspacePathError && error.reason === 'missing') return { kind: 'missing' };
    throw error;
  }
  try {
    if (!file.stats.isFile()) return undefined;
    if (file.stats.size > DIFF_MAX_BYTES) return { kind: 'too_large', bytes: file.stats.size };
    const bytes = await file.handle.readFile();
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: 'binary', bytes: bytes.length };
    return { kind: 'text', text: bytes.toString('utf8') };
  } finally {
    await file.close();
  }
}

/** The write as a diff (a new file all added), or why it cannot be one; undefined when the write will be refused. */
export async function previewFileWrite(place: PreviewPlace, write: FileWrite): Promise<FileChange | undefined> {
  const current = await readCurrent(place, write.path).catch(() => undefined);
  if (current === undefined) return undefined;
  const { path } = write;
  if (current.kind === 'too_large' || current.kind === 'binary') return { kind: current.kind, path, bytes: current.bytes };
  const before = current.kind === 'text' ? current.text : '';
  const after = write.append ? before + write.content : write.content;
  if (Buffer.byteLength(after) > DIFF_MAX_BYTES) return { kind: 'too_large', path, bytes: Buffer.byteLength(after) };
  const patch = structuredPatch(path, path, before, after, undefined, undefined, { context: 3, timeout: DIFF_TIMEOUT_MS });
  if (!patch) return { kind: 'too_large', path, bytes: Buffer.byteLength(after) };
  const hunks = patch.hunks.map((hunk) => ({
    old_start: hunk.oldStart,
    old_lines: hunk.oldLines,
    new_start: hunk.newStart,
    new_lines: hunk.newLines,
    lines: hunk.lines,
  }));
  const count = (sign: string) => hunks.reduce((total, hunk) => total + hunk.lines.filter((line) => line.startsWith(sign)).length, 0);
  return { kind: 'diff', path, new_file: current.kind === 'missing', added: count('+'), removed: count('-'), hunks };
}
