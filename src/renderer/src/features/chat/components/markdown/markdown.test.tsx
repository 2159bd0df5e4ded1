// @vitest-environment jsdom
// Model text is rendered as Markdown elements, never as raw HTML; links open outside the app; code blocks copy.
import '../../../../lib/testing/dom-test-setup';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Markdown, parsedMarkdown } from './markdown';

describe('Markdown', () => {
  it('shows HTML in model text as text, never as elements', () => {
    const { container } = render(<Markdown text={'Hi <img src=x onerror="alert(1)"> <script>alert(2)</script>'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
  });

  it('opens links outside the app and drops javascript: links', () => {
    render(<Markdown text={'[docs](https://example.com/docs) and [bad](javascript:alert(1))'} />);
    const docs = screen.getByRole('link', { name: 'docs' });
    expect(docs).toHaveAttribute('target', '_blank');
    expect(docs).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByText('bad').closest('a')?.getAttribute('href') ?? '').not.toMatch(/javascript/);
  });

  it('renders GFM tables, and a code block with a Copy button that copies its text', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    render(<Markdown text={'| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\nls -la\n```'} />);
    expect(screen.getByRole('table')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Copy code' }));
    expect(writeText).toHaveBeenCalledWith('ls -la\n');
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
  });

  it('highlights a code block after it is first drawn plain, and keeps its text', async () => {
    const { container } = render(<Markdown text={'```ts\nconst answer = 42;\n```'} cacheKey="m1" />);
    expect(container.querySelector('pre')?.textContent).toBe('const answer = 42;\n');
    await waitFor(() => expect(container.querySelector('.hljs-keyword')).not.toBeNull());
    expect(container.querySelector('pre')?.textContent).toBe('const answer = 42;\n');
  });

  it('highlights a language it fetches on demand (not built in), named by an alias too', async () => {
    const { container } = render(<Markdown text={'```rs\nfn main() { let answer = 42; }\n```'} cacheKey="m3" />);
    await waitFor(() => expect(container.querySelector('.hljs-keyword')).not.toBeNull());
    expect(container.querySelector('pre')?.textContent).toBe('fn main() { let answer = 42; }\n');
  });

  it('leaves a block in an unknown language plain', async () => {
    const { container } = render(<Markdown text={'```nolanguage\nsome text\n```'} cacheKey="m2" />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(container.querySelector('pre')?.textContent).toBe('some text\n');
    expect(container.querySelector('pre span')).toBeNull();
  });

  it('parses a settled message once: the same id and text give the same elements, new text parses again', () => {
    const first = parsedMarkdown('turn:0', 'Hello **there**');
    expect(parsedMarkdown('turn:0', 'Hello **there**')).toBe(first);
    expect(parsedMarkdown('turn:0', 'Hello **you**')).not.toBe(first);
    render(<Markdown text="Hello **there**" cacheKey="turn:0" />);
    expect(screen.getByText('there').tagName).toBe('STRONG');
  });
});
