// Changes harombe.yaml in place: comments and key order survive, an invalid result is refused, the file is written 0600.
import { realpath } from 'node:fs/promises';
import { isCollection, isScalar } from 'yaml';
import type { Document } from 'yaml';
import { writeFileAtomic } from '../fs/atomic-write';
import { emptyConfigDocument, parseConfigDocument } from './config-document';
import { ConfigError, type KeyPath } from './config-problem';
import { configFromDocument } from './load-config';
import { readConfigFile } from './read-config-file';
import { keepSectionHeaders } from './section-headers';
import type { LoadedConfig } from './load-config';

/** The config may hold auth tokens: only its owner may read it. */
export const CONFIG_FILE_MODE = 0o600;

// One edit at a time per file inside this process, so two quick saves cannot drop one another's change. Each file's
// last turn stays here, settled and holding nothing: a process edits one or two config files, and no clean-up means
// no clean-up that could drop a newer save's turn.
const lastEdits = new Map<string, Promise<void>>();
const settled = (): void => undefined;

function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (lastEdits.get(key) ?? Promise.resolve()).then(task, task);
  lastEdits.set(key, run.then(settled, settled));
  return run;
}

export interface UpdateConfigOptions {
  /**
   * Runs on the validated result before the file is touched (inside the one-at-a-time queue): a running harombe builds
   * what the new config needs here, so a config it cannot run throws and is never saved.
   */
  beforeWrite?: (next: LoadedConfig) => void | Promise<void>;
}

/**
 * Opens the config at `path` as a yaml Document (an empty one when there is no file), lets `edit` change it with
 * setIn/deleteIn, validates the result and writes it atomically with mode 0600. Invalid → ConfigError, nothing written;
 * anything `beforeWrite` throws leaves the file as it was too.
 */
export function updateConfigFile(
  path: string,
  edit: (document: Document) => void | Promise<void>,
  options: UpdateConfigOptions = {},
): Promise<LoadedConfig> {
  return oneAtATime(path, async () => {
    // Write through a symlinked config (dotfile managers) instead of replacing the link with a plain file.
    const target = await realpath(path).catch(() => path);
    const text = await readConfigFile(target);
    const parsed = text === undefined ? emptyConfigDocument() : parseConfigDocument(text, path);
    // A file with YAML errors is never edited; this throws with every problem it has, as loading it would.
    if (parsed.errors.length > 0) configFromDocument(parsed, path);
    if (text !== undefined) keepSectionHeaders(parsed.document, text);
    try {
      await edit(parsed.document);
    } catch (error) {
      // yaml cannot set a key under a value that is no section (a top level that is a list, `server: 8000` then
      // server.port) and says so in its own words: the file's problem, with where it is, tells the person what to fix.
      if (!(error instanceof ConfigError) && text !== undefined) configFromDocument(parseConfigDocument(text, path), path);
      throw error;
    }
    const { config, warnings } = configFromDocument(parsed, path);
    const loaded: LoadedConfig = { path, exists: true, config, warnings };
    await options.beforeWrite?.(loaded);
    // lineWidth 0: never fold a long system prompt onto several lines.
    let output = parsed.document.toString({ lineWidth: 0 });
    // yaml writes an empty document as `null` (after a blank line when it has comments); keep only the comments.
    if (parsed.document.contents === null) output = output.replace(/(^|\n)\n?null\n$/, '$1');
    await writeFileAtomic(target, output, { mode: CONFIG_FILE_MODE });
    return loaded;
  });
}

/** `model:` with nothing under it (all commented out) is a null scalar; setIn needs a mapping (or list) there. */
function replaceEmptySections(document: Document, keyPath: KeyPath): void {
  for (let length = 1; length < keyPath.length; length++) {
    const prefix = keyPath.slice(0, length);
    const node = document.getIn(prefix, true);
    if (isScalar(node) && node.value === null) {
      const section = document.createNode(typeof keyPath[length] === 'number' ? [] : {});
      // The commented-out lines stay at the top of the section.
      if (node.comment) section.commentBefore = node.comment;
      document.setIn(prefix, section);
    }
  }
}

/**
 * Sets one key (`['cluster', 'nodes', 0, 'tier']`) and saves; `undefined` removes the key so its default applies.
 * Same guarantees as updateConfigFile.
 */
export function setConfigValue(path: string, keyPath: KeyPath, value: unknown): Promise<LoadedConfig> {
  return updateConfigFile(path, (document) => {
    if (value === undefined) {
      // A key the file does not have is already at its default: nothing to remove (yaml would throw on the path).
      if (document.hasIn(keyPath)) document.deleteIn(keyPath);
      return;
    }
    replaceEmptySections(document, keyPath);
    // Scalars are set in place so a trailing comment on the old value stays; collections become yaml nodes.
    const isPlainValue = value === null || typeof value !== 'object';
    document.setIn(keyPath, isPlainValue || isCollection(value) ? value : document.createNode(value));
  });
}
