// write_file (dangerous): creates, replaces or appends to a file inside the workspace, making its folders as needed.
import { z } from 'zod';
import { previewFileWrite } from './file-change-preview';
import { describeFileError } from './file-errors';
import { formatBytes } from '../../shared/format';
import { defineTool } from './tool';
import { displayPath } from './workspace';
import { WorkspaceFiles } from './workspace-file-access';
import { writeInWorkspace } from './workspace-file-writer';

const writeFileInput = z.object({
  path: z.string().min(1).describe('File to write, relative to the workspace (e.g. "notes/todo.md"); missing folders are created'),
  content: z.string().describe('The text to write'),
  append: z.boolean().default(false).describe('Add to the end of the file instead of replacing it'),
});
export type WriteFileInput = z.infer<typeof writeFileInput>;

export const writeFileTool = defineTool<WriteFileInput>({
  name: 'write_file',
  description:
    'Write a text file in the workspace: replaces the file, or adds to its end with append=true. Creates missing folders. Needs the user\'s approval.',
  inputSchema: writeFileInput,
  dangerous: true,
  describe: ({ path, content, append }) => `${append ? 'append' : 'write'} ${formatBytes(Buffer.byteLength(content))} to ${path}`,
  preview: (input, { workspace, hidden }) => previewFileWrite({ workspace, hidden }, input),
  async execute({ path, content, append }, { workspace, hidden }) {
    try {
      const { realPath, created } = await writeInWorkspace(new WorkspaceFiles(workspace, undefined, hidden), path, content, append);
      const bytes = formatBytes(Buffer.byteLength(content));
      const where = displayPath(workspace, realPath);
      const verb = append ? 'appended' : 'wrote';
      return { ok: true, output: `${verb} ${bytes} to ${where}${created ? ' (new file)' : ''}` };
    } catch (error) {
      return { ok: false, output: describeFileError(error, path) };
    }
  },
});
