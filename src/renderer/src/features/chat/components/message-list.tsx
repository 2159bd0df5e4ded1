// The saved exchanges of a conversation as a virtualized list: only the exchanges on screen (and a few either side)
// are in the DOM, each measured as drawn, so a 1,000-message conversation opens as fast as a short one. Each exchange
// says its place in the whole (aria-posinset / aria-setsize), so the list still reads as the complete conversation.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef, type RefObject } from 'react';
import type { TurnState } from '../model/turn-state';
import { TurnView } from './turn-view';
import './message-list.css';

/** A guess at an exchange's height before it is drawn (a question, a tool card, a short answer with code). */
const ESTIMATED_HEIGHT = 240;
/** Exchanges drawn beyond each edge of the view, so a short scroll never shows a gap. */
const OVERSCAN = 3;

export interface MessageListProps {
  turns: readonly TurnState[];
  /** The scrolling element the list sits in. */
  scrollRef: RefObject<HTMLElement | null>;
  model: string | undefined;
  /** Exchanges after the list (this tab's live turns): counted in aria-setsize. */
  totalCount: number;
  /** The list's height changed (exchanges measured as they are drawn): the view may follow the bottom. */
  onResize: () => void;
}

/** Memoised: a streaming answer below it does not re-render the list. */
export const MessageList = memo(function MessageList({ turns, scrollRef, model, totalCount, onResize }: MessageListProps) {
  const list = useRef<HTMLDivElement>(null);
  // Before the virtualizer reads the scroll position: a conversation opens at its end, so the exchanges drawn first
  // are the latest ones (initialOffset), never the first ones.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [scrollRef]);
  const virtualizer = useVirtualizer({
    count: turns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_HEIGHT,
    getItemKey: (index) => turns[index]?.id ?? index,
    overscan: OVERSCAN,
    initialOffset: () => turns.length * ESTIMATED_HEIGHT,
    scrollMargin: list.current?.offsetTop ?? 0,
  });
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    onResize();
  }, [totalSize, onResize]);
  const items = virtualizer.getVirtualItems();
  const margin = virtualizer.options.scrollMargin;
  return (
    <div ref={list} className="message-list" style={{ height: totalSize }}>
      {items.map((item) => {
        const turn = turns[item.index];
        if (!turn) return null;
        return (
          <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="message-list-item" style={{ transform: `translateY(${item.start - margin}px)` }}>
            <TurnView turn={turn} model={model} position={item.index + 1} setSize={totalCount} />
          </div>
        );
      })}
    </div>
  );
});
