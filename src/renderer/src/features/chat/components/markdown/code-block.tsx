// A fenced code block with a Copy button (the block's text, exactly as shown). It is drawn plain first and
// highlighted afterwards, in an idle moment, and only while it is mounted (the message list mounts what is on screen).
import { Check, Copy } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type * as HighlightModule from './highlight-code';

type Highlighter = typeof HighlightModule;
let highlighter: Highlighter | undefined;
let loadingHighlighter: Promise<Highlighter> | undefined;

/** The highlighter is a separate chunk, fetched the first time a code block with a language is on screen. */
function loadHighlighter(): Promise<Highlighter> {
  loadingHighlighter ??= import('./highlight-code').then((module) => (highlighter = module));
  return loadingHighlighter;
}

const whenIdle: (run: () => void) => () => void =
  typeof requestIdleCallback === 'function'
    ? (run) => {
        const handle = requestIdleCallback(run, { timeout: 500 });
        return () => cancelIdleCallback(handle);
      }
    : (run) => {
        const handle = setTimeout(run, 1);
        return () => clearTimeout(handle);
      };

/** Highlighted content for the block once ready; until then (or for no language) undefined: show it plain. */
function useHighlighted(language: string | undefined, code: string): ReactNode {
  const [highlighted, setHighlighted] = useState<{ code: string; content: ReactNode } | undefined>(() =>
    language && highlighter?.isCached(language, code) ? { code, content: highlighter.cachedHighlight(language, code) } : undefined,
  );
  const ready = highlighted?.code === code;
  useEffect(() => {
    if (!language || ready) return;
    let live = true;
    const cancel = whenIdle(() => {
      void loadHighlighter().then(async (module) => {
        await module.loadLanguage(language);
        if (live) setHighlighted({ code, content: module.highlightCode(language, code) });
      });
    });
    return () => {
      live = false;
      cancel();
    };
  }, [language, code, ready]);
  return ready ? highlighted.content : undefined;
}

export interface CodeBlockProps {
  /** The fence's language (`ts` in ```ts), if any. */
  language?: string | undefined;
  /** The block's text. */
  code: string;
  /** The plain `<code>` element as Markdown built it. */
  children: ReactNode;
}

export function CodeBlock({ language, code, children }: CodeBlockProps) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const highlighted = useHighlighted(language, code);
  const copy = async () => {
    await navigator.clipboard.writeText(pre.current?.textContent ?? '');
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div className="code-block">
      <button type="button" className="code-block-copy" onClick={() => void copy()} aria-label={copied ? 'Copied' : 'Copy code'}>
        {copied ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}
        <span>{copied ? 'Copied' : 'Copy'}</span>
      </button>
      <pre ref={pre}>{highlighted === undefined ? children : <code className={`hljs language-${language}`}>{highlighted}</code>}</pre>
    </div>
  );
}
