// The Markdown renderer as its own chunk: the chat's first paint (the composer, the conversation list) needs none of
// it, so it loads right after, and a message drawn before it arrives shows as plain text for that moment.
import { lazy, Suspense } from 'react';
import type * as MarkdownModule from './markdown';
import type { MarkdownProps } from './markdown';

let loaded: typeof MarkdownModule | undefined;
let loading: Promise<typeof MarkdownModule> | undefined;

/** Starts loading the renderer (once); the chat screen calls it after its first paint. */
export function preloadMarkdown(): Promise<typeof MarkdownModule> {
  loading ??= import('./markdown').then((module) => (loaded = module));
  return loading;
}

const LazyMarkdown = lazy(() => preloadMarkdown().then((module) => ({ default: module.Markdown })));

/** The cache key of a turn's text part: the turn's id and the part's place in it. */
export function markdownKey(turnId: string, part: number): string {
  return `${turnId}:${part}`;
}

/** Parses settled messages ahead in idle moments once the renderer is loaded (see markdown.tsx); returns a cancel function. */
export function parseAhead(messages: readonly { cacheKey: string; text: string }[]): () => void {
  let cancel: (() => void) | undefined;
  let cancelled = false;
  void preloadMarkdown().then((module) => {
    if (!cancelled) cancel = module.parseAhead(messages);
  });
  return () => {
    cancelled = true;
    cancel?.();
  };
}

export function Markdown(props: MarkdownProps) {
  // Loaded: drawn at once, without a Suspense boundary in between.
  if (loaded) return <loaded.Markdown {...props} />;
  return (
    <Suspense fallback={<div className="markdown markdown-loading">{props.text}</div>}>
      <LazyMarkdown {...props} />
    </Suspense>
  );
}
