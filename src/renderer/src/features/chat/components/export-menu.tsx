// Export the open conversation as Markdown or JSON (a download; the conversation is read fresh from the server).
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Download } from 'lucide-react';
import { api } from '../../../lib/api';
import { conversationJson, conversationMarkdown, type ExportFile } from '../model/export-conversation';

function download(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportMenu({ conversationId }: { conversationId: string }) {
  const exportAs = async (format: 'markdown' | 'json') => {
    const conversation = await api().call('conversations.get', { params: { id: conversationId } });
    download(format === 'markdown' ? conversationMarkdown(conversation) : conversationJson(conversation));
  };
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="button">
        <Download size={14} aria-hidden /> Export
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Item className="menu-item" onSelect={() => void exportAs('markdown')}>
            Markdown (.md)
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => void exportAs('json')}>
            JSON (.json)
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
