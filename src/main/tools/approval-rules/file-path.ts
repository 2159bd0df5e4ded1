// A file tool's path made fit for a glob: workspace-relative, plain, or refused (then the call is asked).

export type NormalisedPath = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Characters a person would read as a separator, a dot or nothing at all: fullwidth and other compatibility forms
 * (NFKC changes them), format characters (zero-width, bidi overrides) and non-ASCII punctuation, symbols and spaces.
 */
const LOOKALIKE = /[\p{Cf}\p{Cc}\p{Co}\p{Cn}]|(?![\x20-\x7e])[\p{P}\p{S}\p{Z}]/u;

export function normaliseWorkspacePath(raw: string): NormalisedPath {
  if (raw.trim() === '') return { ok: false, reason: 'the path is empty' };
  if (raw.normalize('NFKC') !== raw.normalize('NFC') || LOOKALIKE.test(raw)) {
    return { ok: false, reason: `the path ${JSON.stringify(raw)} contains characters that look like others (unicode lookalikes)` };
  }
  const path = raw.normalize('NFC').replace(/\\/g, '/');
  if (path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:/.test(path)) {
    return { ok: false, reason: `the path ${raw} is absolute; rules match paths relative to the workspace` };
  }
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { ok: false, reason: `the path ${raw} climbs out of a folder with ..` };
  if (segments.length === 0) return { ok: true, path: '.' };
  return { ok: true, path: segments.join('/') };
}
