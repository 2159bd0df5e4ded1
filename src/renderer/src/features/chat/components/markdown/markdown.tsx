// Model text as Markdown (GFM): elements built by React, never raw HTML; links open outside the app; code highlighted lazily.
import { memo, useEffect, useState } from 'react';
import ReactMarkdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './code-block';
import './markdown.css';

type PluggableList = NonNullable<Options['rehypePlugins']>;

const remarkPlugins: PluggableList = [remarkGfm];
let highlightPlugins: PluggableList | undefined;
let loadingHighlight: Promise<PluggableList> | undefined;

/** The highlighter is a separate chunk, fetched the first time an answer holds a code block. */
function loadHighlight(): Promise<PluggableList> {
  loadingHighlight ??= import('rehype-highlight').then((module) => {
    highlightPlugins = [[module.default, { detect: false, ignoreMissing: true }]];
    return highlightPlugins;
  });
  return loadingHighlight;
}

function useHighlight(needed: boolean): PluggableList {
  const [plugins, setPlugins] = useState(highlightPlugins);
  useEffect(() => {
    if (!needed || plugins) return;
    let live = true;
    void loadHighlight().then((loaded) => live && setPlugins(loaded));
    return () => {
      live = false;
    };
  }, [needed, plugins]);
  return plugins ?? [];
}

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
};

/** Memoised on the text: a settled message is parsed once; only the streaming one re-renders per frame. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const rehypePlugins = useHighlight(text.includes('```'));
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
