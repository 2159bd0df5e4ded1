// The open conversation's approval mode under the message box: Ask / Rules only / Trusted / Chat only, each with its
// one-line explanation (a menu of radio items: arrow keys move, Enter picks).
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { ChevronDown, ShieldCheck } from 'lucide-react';
import type { ApprovalModeName } from '../../../../../shared/config-schema';
import { APPROVAL_MODES, approvalModeWords } from '../../../lib/approval-modes';
import type { ConversationApprovalMode } from '../api/approval-mode-queries';
import './approval-mode.css';

export function ApprovalModePicker({ approvalMode }: { approvalMode: ConversationApprovalMode }) {
  const current = approvalModeWords(approvalMode.mode);
  return (
    <div className="approval-mode-picker">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className={`button button-quiet approval-mode-trigger approval-mode-${current.mode}`} >
          <ShieldCheck size={12} aria-hidden /> Approval mode: {current.label} <ChevronDown size={12} aria-hidden />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu approval-mode-menu" align="start" side="top" sideOffset={4}>
            <DropdownMenu.Label className="approval-mode-menu-label">Approval mode for this conversation</DropdownMenu.Label>
            <DropdownMenu.RadioGroup value={approvalMode.mode} onValueChange={(mode) => approvalMode.change(mode as ApprovalModeName)}>
              {APPROVAL_MODES.map((words) => (
                <DropdownMenu.RadioItem key={words.mode} value={words.mode} className="menu-item approval-mode-item" aria-describedby={`approval-mode-${words.mode}-help`}>
                  <span className="approval-mode-item-label">
                    {words.label}
                    <DropdownMenu.ItemIndicator className="approval-mode-item-check"> (current)</DropdownMenu.ItemIndicator>
                  </span>
                  <span id={`approval-mode-${words.mode}-help`} className="approval-mode-item-help">
                    {words.explanation}
                  </span>
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {approvalMode.error && (
        <span className="approval-mode-error" role="alert">
          {approvalMode.error}
        </span>
      )}
    </div>
  );
}
