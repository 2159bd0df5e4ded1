// A fenced code block with a Copy button (the block's text, exactly as shown).
import { Check, Copy } from 'lucide-react';
import { useRef, useState, type ReactNode } from 'react';

export function CodeBlock({ children }: { children: ReactNode }) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
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
      <pre ref={pre}>{children}</pre>
    </div>
  );
}
