// The saved exchanges of a conversation as a virtualized list: only the exchanges on screen (and a few either side)
// are in the DOM, each measured as drawn, so a 1,000-message conversation opens as fast as a short one. Each exchange
// says its place in the whole (aria-posinset / aria-setsize), so the list still reads as the complete conversation.
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { TurnState } from '../model/turn-state';
import { markdownKey, parseAhead } from './markdown/lazy-markdown';
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

/**
 * An exchange's height from the ResizeObserver's entry (observed anyway, and free); on first attach, before an entry,
 * the height it had when last drawn (or the estimate) instead of getBoundingClientRect, which would force a layout per
 * exchange mounted while scrolling.
 */
function measureElement(element: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLElement, Element>): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return box.blockSize;
  const index = instance.indexFromElement(element);
  return instance.measurementsCache[index]?.size ?? ESTIMATED_HEIGHT;
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
    measureElement,
    overscan: OVERSCAN,
    // Scroll updates render in React's next batch rather than synchronously inside each scroll event.
    useFlushSync: false,
    initialOffset: () => turns.length * ESTIMATED_HEIGHT,
    scrollMargin: list.current?.offsetTop ?? 0,
  });
  // Exchanges not yet on screen are parsed in idle moments, so scrolling to them only draws them.
  useEffect(
    () => parseAhead(turns.flatMap((turn) => turn.parts.flatMap((part, index) => (part.kind === 'text' ? [{ cacheKey: markdownKey(turn.id, index), text: part.text }] : [])))),
    [turns],
  );
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
