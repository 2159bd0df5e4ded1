// @vitest-environment jsdom
// The Markdown renderer loads as its own chunk: a message drawn before it arrives reads as its text, then as Markdown.
import '../../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './lazy-markdown';

describe('lazy Markdown', () => {
  it('shows the text at once and the formatted message once the renderer has loaded', async () => {
    const { container } = render(<Markdown text="Hello **there**" cacheKey="lazy:0" />);
    expect(container.textContent).toContain('Hello');
    expect((await screen.findByText('there', {}, { timeout: 10_000 })).tagName).toBe('STRONG');
  });
});
