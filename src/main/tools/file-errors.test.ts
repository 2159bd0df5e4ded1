// What a file tool answers when the file system says no: each failure in a sentence naming the path asked for.
import { describe, expect, it } from 'vitest';
import { describeFileError } from './file-errors';
import { WorkspacePathError } from './workspace';

const failure = (code: string, message = `${code}: something, open '/real/path'`) => Object.assign(new Error(message), { code });

describe('describeFileError', () => {
  it.each([
    ['ENOENT', '"notes/todo.md" does not exist in the workspace'],
    ['EACCES', 'cannot access "notes/todo.md": permission denied'],
    ['EPERM', 'cannot access "notes/todo.md": permission denied'],
    ['EISDIR', '"notes/todo.md" is a folder; use list_directory to see what is in it'],
    ['ENOTDIR', '"notes/todo.md" goes through something that is not a folder'],
    ['ELOOP', '"notes/todo.md" has too many levels of symbolic links'],
    ['ENOSPC', 'cannot write "notes/todo.md": the disk is full'],
    ['EROFS', 'cannot write "notes/todo.md": the file system is read-only'],
  ])('turns %s into words about the path asked for, not the real one', (code, words) => {
    expect(describeFileError(failure(code), 'notes/todo.md')).toBe(words);
  });

  it('passes a workspace refusal on as it is', () => {
    const refusal = new WorkspacePathError('"../x" is outside the workspace /w; tools can only touch files inside it', 'outside');
    expect(describeFileError(refusal, '../x')).toBe(refusal.message);
  });

  it('passes harombe\'s own refusals (too big, binary) on as they are: they already name the file', () => {
    expect(describeFileError(new Error('"big.log" is 12 MB; read_file reads files up to 10 MB'), 'big.log')).toBe('"big.log" is 12 MB; read_file reads files up to 10 MB');
  });

  it('names the path before any other system failure, and anything thrown that is not an error', () => {
    expect(describeFileError(failure('EIO', 'EIO: i/o error, read'), 'disk.img')).toBe('"disk.img": EIO: i/o error, read');
    expect(describeFileError('stream ended', 'notes.md')).toBe('"notes.md": stream ended');
  });
});
