// Turns the tray's plain menu (tray-menu.ts) into Electron's menu template, each click routed to the handlers.
import type { MenuItemConstructorOptions } from 'electron';
import { describeTrayFailure, runTrayAction, type TrayAction, type TrayHandlers } from './tray-actions';
import type { TrayMenuItem } from './tray-menu';

/** Runs an action, reporting a thrown or rejected handler in words instead of losing it in the event loop. */
export function trayClickHandler(handlers: TrayHandlers, onError: (message: string) => void, afterAction?: (action: TrayAction) => void) {
  return (action: TrayAction): void => {
    const report = (error: unknown) => onError(describeTrayFailure(action, error));
    try {
      void Promise.resolve(runTrayAction(action, handlers)).then(() => afterAction?.(action), report);
    } catch (error) {
      report(error);
    }
  };
}

export function toMenuTemplate(items: readonly TrayMenuItem[], click: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const action = item.action;
    return {
      ...(item.type && item.type !== 'normal' ? { type: item.type } : {}),
      ...(item.label !== undefined ? { label: item.label } : {}),
      enabled: item.enabled ?? true,
      ...(item.checked !== undefined ? { checked: item.checked } : {}),
      ...(item.submenu ? { submenu: toMenuTemplate(item.submenu, click) } : {}),
      ...(action ? { click: () => click(action) } : {}),
    };
  });
}
