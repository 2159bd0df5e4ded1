// The highlighter (a separate chunk, loaded the first time a code block is on screen): a fenced block's text to
// highlighted React elements through lowlight, cached by language and text so a block scrolled back into view is not
// highlighted again. Only a few common languages are built in; the others are fetched when first named.
import type { ElementContent } from 'hast';
import { createLowlight } from 'lowlight';
import { createElement, type ReactNode } from 'react';
import { BUILT_IN_LANGUAGES, ON_DEMAND_LANGUAGES, onDemandLanguage } from './highlight-languages';

const lowlight = createLowlight(BUILT_IN_LANGUAGES);
const loading = new Map<string, Promise<void>>();
const cache = new Map<string, ReactNode>();
const CACHE_LIMIT = 2000;

function toReact(node: ElementContent, key: number): ReactNode {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return null;
  const className = node.properties.className;
  return createElement(
    node.tagName,
    { key, className: Array.isArray(className) ? className.join(' ') : undefined },
    node.children.map((child, index) => toReact(child, index)),
  );
}

/** Makes `language` known if it is one the highlighter can fetch; resolves at once for a built-in or unknown one. */
export function loadLanguage(language: string): Promise<void> {
  if (lowlight.registered(language)) return Promise.resolve();
  const name = onDemandLanguage(language);
  const load = name ? ON_DEMAND_LANGUAGES[name] : undefined;
  if (!name || !load) return Promise.resolve();
  let pending = loading.get(name);
  if (!pending) {
    pending = load().then(
      (module) => {
        lowlight.register(name, module.default);
        if (name !== language.toLowerCase()) lowlight.registerAlias(name, language.toLowerCase());
      },
      // Offline or a stale build: the block stays plain.
      () => undefined,
    );
    loading.set(name, pending);
  }
  return pending;
}

/** The highlighted content of a block, or undefined when the language is not one the highlighter knows (yet). */
export function highlightCode(language: string, code: string): ReactNode {
  const key = `${language}\u0000${code}`;
  if (cache.has(key)) return cache.get(key);
  if (!lowlight.registered(language)) return undefined;
  const tree = lowlight.highlight(language, code);
  const result = tree.children.map((child, index) => toReact(child as ElementContent, index));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

/** Cached only: a block already highlighted shows highlighted on its first render. */
export function cachedHighlight(language: string, code: string): ReactNode {
  return cache.get(`${language}\u0000${code}`);
}
export function isCached(language: string, code: string): boolean {
  return cache.has(`${language}\u0000${code}`);
}
