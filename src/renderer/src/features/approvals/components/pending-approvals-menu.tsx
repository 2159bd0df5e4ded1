// Every approval waiting anywhere, reachable from any screen: a header button with the count, each opening its conversation.
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { ShieldAlert } from 'lucide-react';
import { usePendingConfirmations } from '../api/confirmation-queries';
import './approvals.css';

export function PendingApprovalsMenu({ onOpenConversation }: { onOpenConversation(conversationId: string): void }) {
  const pending = usePendingConfirmations();
  const items = pending.data?.confirmations ?? [];
  if (items.length === 0) return null;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="button approvals-menu-trigger">
        <ShieldAlert size={14} aria-hidden /> {items.length} waiting for you
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu approvals-menu" align="end" sideOffset={4}>
          <DropdownMenu.Label className="approvals-menu-label">Approvals waiting</DropdownMenu.Label>
          {items.map((item) => (
            <DropdownMenu.Item key={item.confirmation_id} className="menu-item" onSelect={() => onOpenConversation(item.conversation_id)}>
              <code className="approvals-menu-description">{item.description}</code>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
