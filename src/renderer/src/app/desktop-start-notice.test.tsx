// @vitest-environment jsdom
// The desktop's start notice (the port was taken, harombe moved) shows in the window, and can be dismissed.
import '../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DesktopStartNotice } from './desktop-start-notice';

const NOTICE = 'Port 8000 is used by another program; harombe started on 127.0.0.1:49152.';

describe('DesktopStartNotice', () => {
  afterEach(() => {
    delete (window as unknown as { harombe?: unknown }).harombe;
    sessionStorage.clear();
  });

  it('shows nothing in a browser, or on the desktop when harombe serves where configured', () => {
    const { container, rerender } = render(<DesktopStartNotice />);
    expect(container).toBeEmptyDOMElement();
    (window as unknown as { harombe: unknown }).harombe = {};
    rerender(<DesktopStartNotice key="desktop" />);
    expect(container).toBeEmptyDOMElement();
  });

  it('on the desktop says where harombe moved, and stays dismissed when the page reloads', async () => {
    (window as unknown as { harombe: unknown }).harombe = { startNotice: NOTICE };
    const first = render(<DesktopStartNotice />);
    expect(screen.getByRole('status')).toHaveTextContent(NOTICE);
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss this notice' }));
    expect(screen.queryByText(NOTICE)).not.toBeInTheDocument();
    first.unmount();
    render(<DesktopStartNotice />);
    expect(screen.queryByText(NOTICE)).not.toBeInTheDocument();
  });
});
