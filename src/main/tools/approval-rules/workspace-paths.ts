// Where a workspace-relative path really leads (symlinks followed), for file rules; the part that does not exist yet is kept as written.
import { realpathSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/**
 * A resolver for EvaluationContext.resolvePath: the workspace-relative real path, or null when it leads outside
 * `workspace` (itself a real path). A file about to be created is resolved through its nearest existing folder.
 */
export function workspacePathResolver(workspace: string): (path: string) => string | null {
  return (path) => {
    let existing = join(workspace, path);
    const missing: string[] = [];
    for (;;) {
      try {
        const real = join(realpathSync(existing), ...missing);
        const inside = relative(workspace, real);
        if (inside === '') return '.';
        if (inside.startsWith('..') || inside === '..' || /^[A-Za-z]:/.test(inside) || inside.startsWith(sep)) return null;
        return inside.split(sep).join('/');
      } catch {
        const parent = dirname(existing);
        if (parent === existing) return null;
        missing.unshift(basename(existing));
        existing = parent;
      }
    }
  };
}
