// File-system failures turned into sentences a model (and a person) can act on.
import { WorkspacePathError } from './workspace';

export function describeFileError(error: unknown, requestedPath: string): string {
  if (error instanceof WorkspacePathError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `"${requestedPath}" does not exist in the workspace`;
    case 'EACCES':
    case 'EPERM':
      return `cannot access "${requestedPath}": permission denied`;
    case 'EISDIR':
      return `"${requestedPath}" is a folder; use list_directory to see what is in it`;
    case 'ENOTDIR':
      return `"${requestedPath}" goes through something that is not a folder`;
    case 'ELOOP':
      return `"${requestedPath}" has too many levels of symbolic links`;
    case 'ENOSPC':
      return `cannot write "${requestedPath}": the disk is full`;
    case 'EROFS':
      return `cannot write "${requestedPath}": the file system is read-only`;
    default:
      // Our own refusals (too big, binary) already name the file.
      if (code === undefined && error instanceof Error) return error.message;
      return `"${requestedPath}": ${error instanceof Error ? error.message : String(error)}`;
  }
}
