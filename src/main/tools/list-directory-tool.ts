// list_directory: what a workspace folder holds — folders marked with a trailing /, files with their sizes.
import type { Dirent } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describeFileError } from './file-errors';
import { formatBytes } from '../../shared/format';
import { defineTool } from './tool';
import { WorkspaceFiles } from './workspace-file-access';

/** Entries shown at most; the rest are counted so the model knows to narrow down. */
export const LIST_DIRECTORY_MAX_ENTRIES = 500;

const listDirectoryInput = z.object({
  path: z.string().min(1).default('.').describe('Folder to list, relative to the workspace (default: the workspace itself)'),
});
export type ListDirectoryInput = z.infer<typeof listDirectoryInput>;

function byFoldersThenName(left: Dirent, right: Dirent): number {
  const folderFirst = Number(right.isDirectory()) - Number(left.isDirectory());
  return folderFirst || left.name.localeCompare(right.name);
}

async function describeEntry(folder: string, entry: Dirent): Promise<string> {
  const path = join(folder, entry.name);
  if (entry.isDirectory()) return `${entry.name}/`;
  if (entry.isSymbolicLink()) {
    const target = await readlink(path).catch(() => '?');
    const pointsToFolder = await stat(path).then(
      (info) => info.isDirectory(),
      () => false,
    );
    return `${entry.name}${pointsToFolder ? '/' : ''} -> ${target}`;
  }
  const info = await lstat(path).catch(() => undefined);
  return info?.isFile() ? `${entry.name}  ${formatBytes(info.size)}` : entry.name;
}

export const listDirectoryTool = defineTool<ListDirectoryInput>({
  name: 'list_directory',
  description: `List a folder in the workspace: folders end with "/", files show their size, symbolic links show their target. At most ${LIST_DIRECTORY_MAX_ENTRIES} entries.`,
  inputSchema: listDirectoryInput,
  dangerous: false,
  describe: ({ path }) => `list ${path}`,
  async execute({ path }, { workspace, hidden }) {
    try {
      const folder = await new WorkspaceFiles(workspace, undefined, hidden).open(path);
      try {
        if (!folder.stats.isDirectory()) return { ok: false, output: `"${path}" is a file, not a folder; use read_file to read it` };
        // Through the open folder's own path, so a swap after the open cannot list somewhere else.
        const entries = (await readdir(folder.path, { withFileTypes: true })).sort(byFoldersThenName);
        const shown = await Promise.all(entries.slice(0, LIST_DIRECTORY_MAX_ENTRIES).map((entry) => describeEntry(folder.path, entry)));
        await folder.confirmInside();
        if (entries.length === 0) return { ok: true, output: '(empty folder)' };
        const hidden = entries.length - shown.length;
        if (hidden > 0) shown.push(`… and ${hidden} more entries (${entries.length} in all); list a subfolder to narrow down`);
        return { ok: true, output: shown.join('\n') };
      } finally {
        await folder.close();
      }
    } catch (error) {
      return { ok: false, output: describeFileError(error, path) };
    }
  },
});
