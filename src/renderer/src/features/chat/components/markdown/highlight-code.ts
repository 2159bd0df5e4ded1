// The highlighter (a separate chunk, loaded the first time a code block is on screen): a fenced block's text to
// highlighted React elements, cached by language and text so a block scrolled back into view is not highlighted again.
import type { Element, ElementContent, Root } from 'hast';
import { createElement, type ReactNode } from 'react';
import rehypeHighlight from 'rehype-highlight';

const highlight = rehypeHighlight({ detect: false });
/** Unknown languages are reported through the file; a block in one stays plain. */
const quietFile = { message: () => undefined } as unknown as Parameters<typeof highlight>[1];
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

/** The highlighted content of a `<code>` element, or undefined when the language is not one the highlighter knows. */
export function highlightCode(language: string, code: string): ReactNode {
  const key = `${language}\u0000${code}`;
  if (cache.has(key)) return cache.get(key);
  const codeElement: Element = { type: 'element', tagName: 'code', properties: { className: [`language-${language}`] }, children: [{ type: 'text', value: code }] };
  const tree: Root = { type: 'root', children: [{ type: 'element', tagName: 'pre', properties: {}, children: [codeElement] }] };
  const before = codeElement.children[0];
  highlight(tree, quietFile);
  const result = codeElement.children[0] === before ? undefined : codeElement.children.map((child, index) => toReact(child, index));
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
