import { WEEKDAYS } from '@cloud-backup/domain';
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { cx } from '../../../components/ui/cx';
import { formatWeekday } from '../policy-format';

export type WindowGrid = boolean[][];

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const pad = (h: number) => String(h).padStart(2, '0');

export function fullWindow(): WindowGrid {
  return WEEKDAYS.map(() => HOURS.map(() => true));
}

function withCell(grid: readonly (readonly boolean[])[], day: number, hour: number, on: boolean): WindowGrid {
  return grid.map((row, d) => row.map((cell, h) => (d === day && h === hour ? on : cell)));
}

interface BackupWindowGridProps {
  /** Names the grid, e.g. "Allowed start hours". */
  label: string;
  value: readonly (readonly boolean[])[];
  onChange: (next: WindowGrid) => void;
}

/**
 * 7 × 24 toggle cells, Monday first. Press and drag paints every cell passed with the first cell's new
 * state; arrow keys move between cells, Home/End to the row's ends, Space or Enter toggles.
 */
export function BackupWindowGrid({ label, value, onChange }: BackupWindowGridProps) {
  const [focus, setFocus] = useState({ day: 0, hour: 0 });
  const cells = useRef(new Map<string, HTMLButtonElement>());
  // While dragging: the state being painted. A ref too, so the latest grid is painted on every move.
  const paint = useRef<boolean | null>(null);
  const latest = useRef(value);
  latest.current = value;

  useEffect(() => {
    const stop = () => {
      paint.current = null;
    };
    window.addEventListener('pointerup', stop);
    window.addEventListener('pointercancel', stop);
    return () => {
      window.removeEventListener('pointerup', stop);
      window.removeEventListener('pointercancel', stop);
    };
  }, []);

  const set = (day: number, hour: number, on: boolean) => {
    if (latest.current[day]?.[hour] === on) return;
    const next = withCell(latest.current, day, hour, on);
    latest.current = next;
    onChange(next);
  };

  const onPointerDown = (event: PointerEvent<HTMLButtonElement>, day: number, hour: number) => {
    if (event.button !== 0) return;
    // Touch captures the pointer on the first cell; release it so the cells passed get pointerenter.
    if (event.currentTarget.hasPointerCapture?.(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
    paint.current = !(latest.current[day]?.[hour] ?? false);
    setFocus({ day, hour });
    set(day, hour, paint.current);
  };

  const onPointerEnter = (day: number, hour: number) => {
    if (paint.current !== null) set(day, hour, paint.current);
  };

  const moveTo = (day: number, hour: number) => {
    const next = { day: Math.max(0, Math.min(6, day)), hour: Math.max(0, Math.min(23, hour)) };
    setFocus(next);
    cells.current.get(`${next.day}-${next.hour}`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, day: number, hour: number) => {
    const moves: Record<string, [number, number]> = {
      ArrowRight: [day, hour + 1],
      ArrowLeft: [day, hour - 1],
      ArrowDown: [day + 1, hour],
      ArrowUp: [day - 1, hour],
      Home: [day, 0],
      End: [day, 23],
    };
    const target = moves[event.key];
    if (!target) return;
    event.preventDefault();
    moveTo(target[0], target[1]);
  };

  return (
    <div className="overflow-x-auto">
      <table role="grid" aria-label={label} className="border-separate border-spacing-0.5 select-none">
        <thead>
          <tr>
            <td />
            {HOURS.map((h) => (
              <th key={h} scope="col" className="w-6 text-center text-[10px] font-normal text-gray-500 tabular-nums dark:text-gray-400">
                <span aria-hidden="true">{h % 3 === 0 ? pad(h) : ''}</span>
                <span className="sr-only">{`${pad(h)}:00`}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((weekday, day) => {
            const name = formatWeekday(weekday);
            return (
              <tr key={weekday}>
                <th scope="row" className="pr-2 text-left text-xs font-medium text-gray-700 dark:text-gray-300">
                  {name.slice(0, 3)}
                </th>
                {HOURS.map((hour) => {
                  const on = value[day]?.[hour] ?? false;
                  const isFocus = focus.day === day && focus.hour === hour;
                  return (
                    <td key={hour} role="gridcell" className="p-0">
                      <button
                        type="button"
                        ref={(el) => {
                          if (el) cells.current.set(`${day}-${hour}`, el);
                          else cells.current.delete(`${day}-${hour}`);
                        }}
                        tabIndex={isFocus ? 0 : -1}
                        aria-pressed={on}
                        aria-label={`${name} ${pad(hour)}:00–${pad(hour + 1)}:00`}
                        onPointerDown={(e) => onPointerDown(e, day, hour)}
                        onPointerEnter={() => onPointerEnter(day, hour)}
                        // Pointer presses toggle on pointerdown; a click with detail 0 comes from the keyboard.
                        onClick={(e) => {
                          if (e.detail === 0) set(day, hour, !on);
                        }}
                        onFocus={() => setFocus({ day, hour })}
                        onKeyDown={(e) => onKeyDown(e, day, hour)}
                        className={cx(
                          'block h-6 w-6 rounded-sm ring-1 ring-inset',
                          on
                            ? 'bg-blue-500 ring-blue-600 hover:bg-blue-600 dark:bg-blue-500 dark:ring-blue-400'
                            : 'bg-gray-100 ring-gray-200 hover:bg-gray-200 dark:bg-gray-800 dark:ring-gray-700 dark:hover:bg-gray-700',
                        )}
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
