import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scrollTopFor, visibleRange, VirtualList } from './virtual-list';

afterEach(cleanup);

describe('visibleRange', () => {
  it('covers the viewport plus the overscan, clamped to the list', () => {
    expect(visibleRange(0, 400, 40, 100_000, 5)).toEqual({ first: 0, end: 15 });
    expect(visibleRange(4_000, 400, 40, 100_000, 5)).toEqual({ first: 95, end: 115 });
    expect(visibleRange(3_999_600, 400, 40, 100_000, 5)).toEqual({ first: 99_985, end: 100_000 });
  });

  it('is empty for an empty list', () => {
    expect(visibleRange(0, 400, 40, 0, 5)).toEqual({ first: 0, end: 0 });
  });
});

describe('scrollTopFor', () => {
  it('scrolls only as far as needed to show the row', () => {
    expect(scrollTopFor(5, 0, 400, 40)).toBe(0);
    expect(scrollTopFor(10, 0, 400, 40)).toBe(40);
    expect(scrollTopFor(2, 400, 400, 40)).toBe(80);
  });
});

describe('<VirtualList>', () => {
  it('renders only the rows in view of 100,000 and follows the scroll position', () => {
    const onRangeChange = vi.fn();
    render(
      <VirtualList
        aria-label="Rows"
        count={100_000}
        rowHeight={40}
        fallbackHeight={400}
        overscan={2}
        onRangeChange={onRangeChange}
        renderRow={(index, style) => (
          <div key={index} role="listitem" style={style}>
            {`Row ${index}`}
          </div>
        )}
      />,
    );
    expect(screen.getAllByRole('listitem').map((r) => r.textContent)).toEqual(Array.from({ length: 12 }, (_, i) => `Row ${i}`));
    expect(onRangeChange).toHaveBeenLastCalledWith({ first: 0, end: 12 });

    const scroller = screen.getByLabelText('Rows');
    scroller.scrollTop = 2_000_000;
    fireEvent.scroll(scroller);
    const rows = screen.getAllByRole('listitem');
    expect(rows).toHaveLength(14);
    expect(rows[0]?.textContent).toBe('Row 49998');
    expect((rows[2] as HTMLElement).style.top).toBe('2000000px');
  });
});
