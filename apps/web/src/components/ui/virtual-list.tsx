import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type CSSProperties, type HTMLAttributes, type ReactNode, type Ref } from 'react';
import { cx } from './cx';

export interface VisibleRange {
  /** First rendered index. */
  first: number;
  /** One past the last rendered index. */
  end: number;
}

/** Rows that intersect the viewport, plus `overscan` rows either side. Pure so it is testable without layout. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): VisibleRange {
  if (count <= 0 || rowHeight <= 0) return { first: 0, end: 0 };
  const firstVisible = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const lastVisible = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  return { first: Math.max(0, Math.min(count, firstVisible - overscan)), end: Math.min(count, lastVisible + overscan) };
}

/** The scrollTop that brings `index` fully into view while moving as little as possible. */
export function scrollTopFor(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

export interface VirtualListHandle {
  scrollToIndex: (index: number) => void;
  /** Rows that fit in the viewport, for Page Up / Page Down. */
  pageSize: () => number;
}

interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'onScroll'> {
  count: number;
  /** Every row has this height in pixels; that is what keeps 100k rows cheap. */
  rowHeight: number;
  renderRow: (index: number, style: CSSProperties) => ReactNode;
  /** Used until the viewport is measured, and where there is no layout (tests). */
  fallbackHeight?: number;
  overscan?: number;
  /** Called with the rendered range whenever it changes, e.g. to load the next page near the end. */
  onRangeChange?: (range: VisibleRange) => void;
  ref?: Ref<VirtualListHandle>;
}

/**
 * A scroll container that renders only the rows in view. Give it a height through `className`
 * (e.g. `h-[60vh]`); rows are positioned absolutely inside a spacer as tall as every row together.
 */
export function VirtualList({ count, rowHeight, renderRow, fallbackHeight = 480, overscan = 8, onRangeChange, ref, className, ...rest }: VirtualListProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [measured, setMeasured] = useState(0);
  const viewport = measured > 0 ? measured : fallbackHeight;

  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    setMeasured(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setMeasured(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A shorter list (new folder, new sort) must not leave the view scrolled past its end.
  useEffect(() => {
    const max = Math.max(0, count * rowHeight - viewport);
    if (scrollTop > max) {
      if (containerRef.current) containerRef.current.scrollTop = max;
      setScrollTop(max);
    }
  }, [count, rowHeight, viewport, scrollTop]);

  const scrollTo = useCallback((top: number) => {
    if (containerRef.current) containerRef.current.scrollTop = top;
    // Set it ourselves as well: the scroll event comes later (or never, without layout).
    setScrollTop(top);
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex: (index) => scrollTo(scrollTopFor(index, containerRef.current?.scrollTop ?? scrollTop, viewport, rowHeight)),
      pageSize: () => Math.max(1, Math.floor(viewport / rowHeight)),
    }),
    [scrollTo, scrollTop, viewport, rowHeight],
  );

  const range = visibleRange(scrollTop, viewport, rowHeight, count, overscan);
  const onRangeChangeRef = useRef(onRangeChange);
  useEffect(() => {
    onRangeChangeRef.current = onRangeChange;
  });
  useEffect(() => {
    onRangeChangeRef.current?.({ first: range.first, end: range.end });
  }, [range.first, range.end]);

  const rows: ReactNode[] = [];
  for (let index = range.first; index < range.end; index += 1) {
    rows.push(renderRow(index, { position: 'absolute', top: index * rowHeight, left: 0, right: 0, height: rowHeight }));
  }

  return (
    <div ref={containerRef} className={cx('relative overflow-y-auto', className)} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} {...rest}>
      <div style={{ height: count * rowHeight, position: 'relative' }}>{rows}</div>
    </div>
  );
}
