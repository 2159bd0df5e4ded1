// @vitest-environment jsdom
// The navigation: the address's hash picks the screen (chat by default), the current one is marked, and each is a link.
import '../lib/testing/dom-test-setup';
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppNav } from './app-nav';
import { screenFromHash, useScreen } from './hash-route';

function CurrentNav() {
  return <AppNav current={useScreen()} />;
}

describe('hash routes', () => {
  it('names the screen from the hash, and falls back to the chat', () => {
    expect(screenFromHash('#/settings')).toBe('settings');
    expect(screenFromHash('#/cluster')).toBe('cluster');
    expect(screenFromHash('#cluster')).toBe('cluster');
    expect(screenFromHash('#/settings?focus=model')).toBe('settings');
    expect(screenFromHash('')).toBe('chat');
    expect(screenFromHash('#/nowhere')).toBe('chat');
  });
});

describe('AppNav', () => {
  afterEach(() => {
    window.location.hash = '';
  });

  it('marks the screen the address names, and follows the address as it changes', async () => {
    window.location.hash = '#/settings';
    render(<CurrentNav />);
    const nav = screen.getByRole('navigation', { name: 'Screens' });
    expect(nav.querySelector('[aria-current="page"]')?.textContent).toBe('Settings');
    await act(async () => {
      window.location.hash = '#/cluster';
      await new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
    });
    expect(screen.getByRole('link', { name: 'Cluster' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Settings' })).not.toHaveAttribute('aria-current');
    expect(screen.getByRole('link', { name: 'Chat' })).toHaveAttribute('href', '#/chat');
  });
});
