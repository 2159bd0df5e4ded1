// write_file (dangerous): creates, replaces or appends to a file inside the workspace, making its folders as needed.
import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { describeFileError } from './file-errors';
import { formatSize } from './format-size';
import { defineTool } from './tool';
import { displayPath, resolveInWorkspace } from './workspace';

const writeFileInput = z.object({
  path: z.string().min(1).describe('File to write, relative to the workspace (e.g. "notes/todo.md"); missing folders are created'),
  content: z.string().describe('The text to write'),
  append: z.boolean().default(false).describe('Add to the end of the file instead of replacing it'),
});
export type WriteFileInput = z.infer<typeof writeFileInput>;

// O_NOFOLLOW: if someone swaps the checked file for a symlink before we open it, the open fails instead of following it.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

export const writeFileTool = defineTool<WriteFileInput>({
  name: 'write_file',
  description:
    'Write a text file in the workspace: replaces the file, or adds to its end with append=true. Creates missing folders. Needs the user\'s approval.',
  inputSchema: writeFileInput,
  dangerous: true,
  describe: ({ path, content, append }) => `${append ? 'append' : 'write'} ${formatSize(Buffer.byteLength(content))} to ${path}`,
  async execute({ path, content, append }, { workspace }) {
    try {
      const real = await resolveInWorkspace(workspace, path, { forWrite: true });
      const existing = await stat(real).catch(() => undefined);
      if (existing?.isDirectory()) return { ok: false, output: `"${path}" is a folder; give a file name inside it` };
      if (existing && !existing.isFile()) return { ok: false, output: `"${path}" is not a regular file (a pipe, socket or device); write_file writes files only` };
      await mkdir(dirname(real), { recursive: true });
      const flags = constants.O_WRONLY | constants.O_CREAT | NO_FOLLOW | (append ? constants.O_APPEND : constants.O_TRUNC);
      const handle = await open(real, flags, 0o644);
      try {
        await handle.writeFile(content);
      } finally {
        await handle.close();
      }
      const bytes = formatSize(Buffer.byteLength(content));
      const where = displayPath(workspace, real);
      const verb = append ? 'appended' : 'wrote';
      return { ok: true, output: `${verb} ${bytes} to ${where}${existing ? '' : ' (new file)'}` };
    } catch (error) {
      return { ok: false, output: describeFileError(error, path) };
    }
  },
});
