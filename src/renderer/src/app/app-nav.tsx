// The app's navigation: one link per screen, the current one marked (aria-current) — plain links, so Tab, Enter and
// the browser's Back all work.
import { MessageSquare, Network, Settings } from 'lucide-react';
import type { ComponentType } from 'react';
import { hrefFor, type Screen } from './hash-route';

const ITEMS: { screen: Screen; label: string; Icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }> }[] = [
  { screen: 'chat', label: 'Chat', Icon: MessageSquare },
  { screen: 'cluster', label: 'Cluster', Icon: Network },
  { screen: 'settings', label: 'Settings', Icon: Settings },
];

export function AppNav({ current }: { current: Screen }) {
  return (
    <nav className="app-nav" aria-label="Screens">
      <ul>
        {ITEMS.map(({ screen, label, Icon }) => (
          <li key={screen}>
            <a href={hrefFor(screen)} className="app-nav-link" aria-current={screen === current ? 'page' : undefined}>
              <Icon size={18} aria-hidden />
              <span>{label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
