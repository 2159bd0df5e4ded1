// @vitest-environment jsdom
// Appearance: on the desktop, a switch for keeping harombe in the tray when the window closes; in a browser, none.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppearanceSection } from './appearance-section';

const SWITCH = 'Keep harombe in the tray when the window closes';

function onDesktop(bridge: Record<string, unknown>) {
  (window as unknown as { harombe: unknown }).harombe = bridge;
}

describe('AppearanceSection', () => {
  afterEach(() => {
    delete (window as unknown as { harombe?: unknown }).harombe;
  });

  it('in a browser there is no tray, so no switch', () => {
    render(<AppearanceSection />);
    expect(screen.queryByRole('switch', { name: SWITCH })).not.toBeInTheDocument();
    expect(screen.getByText('Kept in this browser, never in harombe.yaml.')).toBeInTheDocument();
  });

  it('on the desktop it says the app keeps the choices, not this browser (whose storage a new port would not share)', () => {
    onDesktop({ closeToTray: true, setCloseToTray: vi.fn(), appearance: {}, saveAppearance: vi.fn(async () => undefined) });
    render(<AppearanceSection />);
    expect(screen.getByText('Kept by the desktop app, never in harombe.yaml.')).toBeInTheDocument();
  });

  it('on the desktop the switch shows the stored setting and turning it off asks the app to quit on close', async () => {
    const setCloseToTray = vi.fn(async () => undefined);
    onDesktop({ closeToTray: true, setCloseToTray });
    render(<AppearanceSection />);
    const toggle = screen.getByRole('switch', { name: SWITCH });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    expect(setCloseToTray).toHaveBeenCalledWith(false);
    expect(toggle).not.toBeChecked();
    expect(screen.getByText('Closing the window quits harombe and stops the API.')).toBeInTheDocument();
  });

  it('a refused change puts the switch back and says so', async () => {
    onDesktop({ closeToTray: false, setCloseToTray: vi.fn(async () => Promise.reject(new Error('harombe refused a desktop call'))) });
    render(<AppearanceSection />);
    const toggle = screen.getByRole('switch', { name: SWITCH });
    await userEvent.click(toggle);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not change it: harombe refused a desktop call.');
    expect(toggle).not.toBeChecked();
  });
});
