// read_file: a text file from the workspace, whole or a range of lines, capped so it fits in a model's context.
import { z } from 'zod';
import { describeFileError } from './file-errors';
import { formatBytes } from '../../shared/format';
import { defineTool } from './tool';
import { WorkspaceFiles, type OpenedEntry } from './workspace-file-access';

/** Files bigger than this are refused: the model should grep or slice them with the shell. */
export const READ_FILE_MAX_BYTES = 10_000_000;
/** What one call returns at most; longer reads stop at a line boundary and say where to go on. */
export const READ_FILE_OUTPUT_LIMIT_BYTES = 32_000;
// Git's heuristic: a NUL byte in the first 8000 bytes means binary.
const BINARY_SNIFF_BYTES = 8000;

const readFileInput = z.object({
  path: z.string().min(1).describe('File to read, relative to the workspace (e.g. "src/index.ts")'),
  offset: z.number().int().min(1).optional().describe('First line to read, counting from 1 (default 1)'),
  limit: z.number().int().min(1).optional().describe('How many lines to read (default: as many as fit in 32 KB)'),
});
export type ReadFileInput = z.infer<typeof readFileInput>;

async function readText(file: OpenedEntry, requestedPath: string): Promise<string> {
  // Judged by what was opened, so a swap after the open changes nothing.
  const info = file.stats;
  if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
  // A FIFO or device would block the read forever, or never end.
  if (!info.isFile()) throw new Error(`"${requestedPath}" is not a regular file (a pipe, socket or device); read_file reads text files only`);
  if (info.size > READ_FILE_MAX_BYTES) {
    throw new Error(
      `"${requestedPath}" is ${formatBytes(info.size)}; read_file reads files up to ${formatBytes(READ_FILE_MAX_BYTES)} — look inside it with the shell instead (head, tail, grep)`,
    );
  }
  const content = await file.handle.readFile();
  if (content.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    throw new Error(`"${requestedPath}" looks like a binary file (${formatBytes(content.length)}); read_file reads text files only`);
  }
  return content.toString('utf8');
}

function selectLines(text: string, input: ReadFileInput): string {
  if (text === '') return '(empty file)';
  const lines = text.split('\n');
  // A final newline ends the last line; it does not start another one.
  if (lines.at(-1) === '') lines.pop();
  const first = input.offset ?? 1;
  if (first > lines.length) return `"${input.path}" has ${lines.length} lines; offset ${first} is past the end`;
  const last = Math.min(lines.length, input.limit === undefined ? lines.length : first + input.limit - 1);
  const kept: string[] = [];
  let size = 0;
  let shownUntil = first - 1;
  for (let index = first - 1; index < last; index++) {
    const line = lines[index] as string;
    const lineSize = Buffer.byteLength(line) + 1;
    if (size + lineSize > READ_FILE_OUTPUT_LIMIT_BYTES) {
      // A single huge line still shows its start rather than nothing.
      if (kept.length === 0) kept.push(`${Buffer.from(line).subarray(0, READ_FILE_OUTPUT_LIMIT_BYTES).toString('utf8')} …[line cut]`);
      break;
    }
    kept.push(line);
    size += lineSize;
    shownUntil = index + 1;
  }
  const whole = first === 1 && shownUntil === lines.length;
  if (whole) return kept.join('\n');
  const shownTo = Math.max(shownUntil, first);
  const next = shownTo < lines.length ? `; read on with offset=${shownTo + 1}` : '';
  return `${kept.join('\n')}\n[lines ${first}–${shownTo} of ${lines.length}${next}]`;
}

export const readFileTool = defineTool<ReadFileInput>({
  name: 'read_file',
  description:
    'Read a text file from the workspace. Returns up to 32 KB; for longer files, pass offset and limit (in lines) to read a range. Binary files and files over 10 MB are refused.',
  inputSchema: readFileInput,
  dangerous: false,
  describe: ({ path, offset, limit }) => {
    if (offset === undefined && limit === undefined) return `read ${path}`;
    const first = offset ?? 1;
    return limit === undefined ? `read ${path} from line ${first}` : `read ${path} lines ${first}–${first + limit - 1}`;
  },
  async execute(input, { workspace, hidden }) {
    try {
      const file = await new WorkspaceFiles(workspace, undefined, hidden).open(input.path);
      try {
        return { ok: true, output: selectLines(await readText(file, input.path), input) };
      } finally {
        await file.close();
      }
    } catch (error) {
      return { ok: false, output: describeFileError(error, input.path) };
    }
  },
});
