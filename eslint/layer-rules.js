// The layer rules of DESIGN.md as data: which layers and packages each folder of src/ may import.
import { builtinModules } from 'node:module';

/** Ordered most specific first; a file belongs to the first layer whose folder contains it. */
export const LAYERS = [
  { name: 'main/electron', folder: 'src/main/electron/', mayImport: ['main/electron', 'main', 'shared'], packages: 'any' },
  { name: 'main', folder: 'src/main/', mayImport: ['main', 'shared'], packages: 'any-but-electron' },
  { name: 'preload', folder: 'src/preload/', mayImport: ['preload', 'shared'], packages: 'any' },
  { name: 'renderer', folder: 'src/renderer/', mayImport: ['renderer', 'shared'], packages: 'browser' },
  { name: 'cli', folder: 'src/cli/', mayImport: ['cli', 'main', 'shared'], packages: 'any-but-electron' },
  // eventsource-parser: isomorphic (no Node or DOM APIs), so the shared API client reads SSE the way the tests do.
  { name: 'shared', folder: 'src/shared/', mayImport: ['shared'], packages: ['zod', 'eventsource-parser'] },
];

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export function layerOf(relativePath) {
  const normalized = relativePath.replaceAll('\\', '/');
  return LAYERS.find((layer) => normalized.startsWith(layer.folder));
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Why `importer` (a path relative to the repo root) may not import `target`, or null when it may.
 * `target` is either a resolved repo-relative path (for relative imports) or a bare package specifier.
 */
export function layerViolation(importer, target, { isRelative }) {
  const from = layerOf(importer);
  if (!from) return null;
  if (isRelative) {
    const to = layerOf(target);
    if (!to) {
      // Unit tests beside the code may use the shared test doubles (scripted models, fake tools) in test/support/.
      if (/\.test\.tsx?$/.test(importer) && target.startsWith('test/support/')) return null;
      return target.startsWith('src/') ? null : `${from.name} may not import ${target} (outside src/)`;
    }
    return from.mayImport.includes(to.name)
      ? null
      : `src/${from.name} may not import from src/${to.name} (allowed: ${from.mayImport.map((l) => `src/${l}`).join(', ')})`;
  }
  const name = packageName(target);
  const { packages } = from;
  if (Array.isArray(packages)) {
    return packages.includes(name) ? null : `src/${from.name} may import only ${packages.join(', ')}, not "${name}"`;
  }
  if (name === 'electron' && packages !== 'any') {
    return `only src/main/electron and src/preload may import "electron" (this is src/${from.name})`;
  }
  if (packages === 'browser' && (NODE_BUILTINS.has(target) || name === 'electron')) {
    return `src/renderer runs in the browser and may not import "${target}"; ask the API instead`;
  }
  return null;
}
