// Model text as Markdown (GFM): elements built by React, never raw HTML; links open outside the app; code highlighted
// lazily (see code-block.tsx). A message is parsed block by block (markdown-blocks.ts), each block once: a streaming
// answer parses only its growing last block per frame, and a settled message's elements are cached by message id and
// text, so a message the list unmounts and mounts again (scrolling) is not parsed again.
import type { Element, Text } from 'hast';
import { Fragment, memo, useMemo, type ReactElement } from 'react';
import renderMarkdownElements, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './code-block';
import { markdownBlocks } from './markdown-blocks';
import './markdown.css';

const remarkPlugins: NonNullable<Options['remarkPlugins']> = [remarkGfm];

/** The fence's language and text of a `<pre><code class="language-x">` element. */
function codeOf(pre: Element | undefined): { language: string | undefined; code: string } {
  const code = pre?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
  const classes = code?.properties.className;
  const language = Array.isArray(classes)
    ? classes.map(String).find((name) => name.startsWith('language-'))?.slice('language-'.length)
    : undefined;
  const text = (code?.children ?? []).map((child) => (child.type === 'text' ? (child as Text).value : '')).join('');
  return { language, code: text };
}

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  pre: ({ node, children }) => {
    const { language, code } = codeOf(node);
    return (
      <CodeBlock language={language} code={code}>
        {children}
      </CodeBlock>
    );
  },
};

/** Parses Markdown to React elements (react-markdown's synchronous pipeline, called directly so the result can be kept). */
function parse(text: string): ReactElement {
  return renderMarkdownElements({ children: text, remarkPlugins, components });
}

/** Adds to a cache, forgetting its oldest entry past the limit. */
function remember<Value>(cache: Map<string, Value>, limit: number, key: string, value: Value): Value {
  if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

const BLOCK_CACHE_LIMIT = 6000;
const parsedBlocks = new Map<string, ReactElement>();

/** One block's elements, by its text: a block seen while its message streamed is not parsed again when it settles. */
function parsedBlock(text: string, cache: boolean): ReactElement {
  return parsedBlocks.get(text) ?? (cache ? remember(parsedBlocks, BLOCK_CACHE_LIMIT, text, parse(text)) : parse(text));
}

/** A message's elements, block by block; `settled` false: its last block is still growing, so it is not cached. */
function parseBlocks(text: string, settled: boolean): ReactElement[] {
  const blocks = markdownBlocks(text);
  return blocks.map((block, index) => parsedBlock(block, settled || index < blocks.length - 1));
}

const CACHE_LIMIT = 3000;
const parsed = new Map<string, ReactElement[]>();

/** A settled message's elements, parsed on first use; the oldest entries go past the limit. */
export function parsedMarkdown(cacheKey: string, text: string): ReactElement[] {
  const key = `${cacheKey}\u0000${text}`;
  return parsed.get(key) ?? remember(parsed, CACHE_LIMIT, key, parseBlocks(text, true));
}


/**
 * Parses settled messages ahead, in idle moments (from the last one back: the reader starts at the end), so that
 * scrolling mounts exchanges already parsed. Returns a cancel function.
 */
export function parseAhead(messages: readonly { cacheKey: string; text: string }[]): () => void {
  if (typeof requestIdleCallback !== 'function') return () => undefined;
  let next = messages.length - 1;
  let handle = 0;
  const work = (deadline: IdleDeadline) => {
    while (next >= 0 && deadline.timeRemaining() > 2) {
      const message = messages[next--]!;
      parsedMarkdown(message.cacheKey, message.text);
    }
    if (next >= 0) handle = requestIdleCallback(work);
  };
  handle = requestIdleCallback(work);
  return () => cancelIdleCallback(handle);
}

export interface MarkdownProps {
  text: string;
  /** The message's id: a settled message's parse is cached under it. Without it (a streaming message) nothing is cached. */
  cacheKey?: string | undefined;
}

/** Memoised on the text: only the streaming message re-renders per frame. */
export const Markdown = memo(function Markdown({ text, cacheKey }: MarkdownProps) {
  const elements = useMemo(() => (cacheKey === undefined ? parseBlocks(text, false) : parsedMarkdown(cacheKey, text)), [cacheKey, text]);
  // Blocks only grow at the end, so a block keeps its place (and, parsed once, React skips it).
  return (
    <div className="markdown">
      {elements.map((block, index) => (
        <Fragment key={index}>{block}</Fragment>
      ))}
    </div>
  );
});
