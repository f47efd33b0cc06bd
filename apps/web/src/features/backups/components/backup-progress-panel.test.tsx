import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupProgressPanel } from './backup-progress-panel';

afterEach(cleanup);

function valueOf(label: string): string {
  return screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent ?? '';
}

describe('<BackupProgressPanel>', () => {
  it('shows phase, percent, files, bytes, throughput, time left and the current file', () => {
    render(
      <BackupProgressPanel
        backup={{
          progress: {
            phase: 'reading',
            filesDone: 1234,
            filesTotal: 5000,
            bytesDone: 1.5 * 1024 ** 3,
            bytesTotal: 4 * 1024 ** 3,
            bytesUploaded: 0,
            bytesPerSecond: 80 * 1024 ** 2,
            etaSeconds: 200,
            currentPath: '/var/lib/db/table.ibd',
          },
        }}
      />,
    );
    expect(screen.getByText('Reading and hashing files')).toBeTruthy();
    expect(screen.getByText('37%')).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Backup progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('37');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(valueOf('Files')).toBe('1,234 of 5,000');
    expect(valueOf('Data read')).toBe('1.50 GiB of 4.00 GiB');
    expect(valueOf('Throughput')).toBe('80.0 MiB/s');
    expect(valueOf('Time left')).toBe('about 3 min 20 s');
    expect(valueOf('Current file')).toBe('/var/lib/db/table.ibd');
  });

  it('shows an indeterminate bar while totals are unknown or before the first report', () => {
    const { rerender } = render(
      <BackupProgressPanel
        backup={{
          progress: {
            phase: 'scanning',
            filesDone: 300,
            filesTotal: null,
            bytesDone: 0,
            bytesTotal: null,
            bytesUploaded: 0,
            bytesPerSecond: 0,
            etaSeconds: null,
            currentPath: null,
          },
        }}
      />,
    );
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBeNull();
    expect(screen.getByText('Counting…')).toBeTruthy();
    expect(valueOf('Files')).toBe('300');
    expect(valueOf('Time left')).toBe('Estimating…');

    rerender(<BackupProgressPanel backup={{ progress: null }} />);
    expect(screen.getByText(/waiting for the agent/)).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBeNull();
  });
});
