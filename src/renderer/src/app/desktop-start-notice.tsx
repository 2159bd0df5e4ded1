// The desktop app's start notice ("port 8000 was taken — harombe moved to 127.0.0.1:49152") as a banner in the
// window, not only in the tray and the log; dismissed, it stays away for this window's session.
import { X } from 'lucide-react';
import { useState } from 'react';
import { desktopBridge } from '../lib/desktop-bridge';
import './desktop-start-notice.css';

const DISMISSED_KEY = 'harombe.startNoticeDismissed';

function wasDismissed(notice: string): boolean {
  try {
    return sessionStorage.getItem(DISMISSED_KEY) === notice;
  } catch {
    return false;
  }
}

export function DesktopStartNotice() {
  const notice = desktopBridge()?.startNotice;
  const [dismissed, setDismissed] = useState(() => notice !== undefined && wasDismissed(notice));
  if (!notice || dismissed) return null;
  const dismiss = () => {
    setDismissed(true);
    try {
      sessionStorage.setItem(DISMISSED_KEY, notice);
    } catch {
      // Storage refused (private mode): it is dismissed for this page only.
    }
  };
  return (
    <div className="desktop-notice" role="status">
      <p>{notice}</p>
      <button type="button" className="icon-button" aria-label="Dismiss this notice" onClick={dismiss}>
        <X size={16} aria-hidden />
      </button>
    </div>
  );
}
