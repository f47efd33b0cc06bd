import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupWindowGrid, fullWindow, type WindowGrid } from './backup-window-grid';

let latest: WindowGrid = fullWindow();

function Harness() {
  const [value, setValue] = useState(fullWindow());
  latest = value;
  return <BackupWindowGrid label="Allowed start hours" value={value} onChange={setValue} />;
}

afterEach(cleanup);

const cell = (name: string) => screen.getByRole('button', { name });
const pressed = (name: string) => cell(name).getAttribute('aria-pressed');

describe('<BackupWindowGrid>', () => {
  it('paints every cell a drag passes with the first cell’s new state', () => {
    render(<Harness />);
    expect(screen.getAllByRole('gridcell')).toHaveLength(7 * 24);
    fireEvent.pointerDown(cell('Monday 01:00–02:00'), { button: 0, pointerId: 1 });
    fireEvent.pointerEnter(cell('Monday 02:00–03:00'));
    fireEvent.pointerEnter(cell('Tuesday 02:00–03:00'));
    fireEvent.pointerUp(window);
    fireEvent.pointerEnter(cell('Tuesday 03:00–04:00'));

    expect(['Monday 01:00–02:00', 'Monday 02:00–03:00', 'Tuesday 02:00–03:00'].map(pressed)).toEqual(['false', 'false', 'false']);
    expect(pressed('Tuesday 03:00–04:00')).toBe('true');
    expect(latest[0]?.slice(0, 4)).toEqual([true, false, false, true]);
    expect(latest[1]?.slice(0, 4)).toEqual([true, true, false, true]);
  });

  it('moves with the arrow keys and toggles from the keyboard', () => {
    render(<Harness />);
    const first = cell('Monday 00:00–01:00');
    expect(first.tabIndex).toBe(0);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(cell('Tuesday 01:00–02:00'));
    expect(cell('Tuesday 01:00–02:00').tabIndex).toBe(0);
    expect(first.tabIndex).toBe(-1);
    // Space and Enter on a button click it with detail 0.
    fireEvent.click(document.activeElement!, { detail: 0 });
    expect(pressed('Tuesday 01:00–02:00')).toBe('false');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(cell('Tuesday 23:00–24:00'));
  });
});
