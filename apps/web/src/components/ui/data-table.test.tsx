import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataTable, sortAndFilterRows, type Column } from './data-table';

interface Row {
  id: string;
  name: string;
  ip: string | null;
  policies: number;
}

const rows: Row[] = [
  { id: '1', name: 'web-10', ip: '10.0.0.10', policies: 2 },
  { id: '2', name: 'web-9', ip: null, policies: 0 },
  { id: '3', name: 'db-1', ip: '10.0.0.3', policies: 1 },
];

const columns: Column<Row>[] = [
  { id: 'name', header: 'Name', cell: (r) => r.name, sortValue: (r) => r.name, filterValue: (r) => r.name },
  { id: 'ip', header: 'IP', cell: (r) => r.ip ?? '—', sortValue: (r) => r.ip, filterValue: (r) => r.ip ?? '' },
  { id: 'policies', header: 'Policies', cell: (r) => String(r.policies), sortValue: (r) => r.policies },
];

afterEach(cleanup);

function renderedNames(): string[] {
  const table = screen.getByRole('table', { name: 'Machines' });
  const bodyRows = within(table).getAllByRole('row').slice(1);
  return bodyRows.map((row) => within(row).getAllByRole('cell')[0]?.textContent ?? '');
}

describe('sortAndFilterRows', () => {
  it('sorts names naturally, so web-9 comes before web-10', () => {
    const sorted = sortAndFilterRows(rows, columns, { columnId: 'name', direction: 'asc' }, '');
    expect(sorted.map((r) => r.name)).toEqual(['db-1', 'web-9', 'web-10']);
  });

  it('keeps empty values last in both directions', () => {
    const asc = sortAndFilterRows(rows, columns, { columnId: 'ip', direction: 'asc' }, '');
    const desc = sortAndFilterRows(rows, columns, { columnId: 'ip', direction: 'desc' }, '');
    expect(asc.map((r) => r.id)).toEqual(['3', '1', '2']);
    expect(desc.map((r) => r.id)).toEqual(['1', '3', '2']);
  });

  it('filters case-insensitively across searchable columns only', () => {
    expect(sortAndFilterRows(rows, columns, null, 'WEB').map((r) => r.id)).toEqual(['1', '2']);
    expect(sortAndFilterRows(rows, columns, null, '10.0.0.3').map((r) => r.id)).toEqual(['3']);
    // The Policies column has no filterValue, so its numbers are not searched.
    expect(sortAndFilterRows(rows, columns, null, '2')).toEqual([]);
  });
});

describe('<DataTable>', () => {
  it('toggles sorting when a header is clicked and announces the direction', () => {
    render(<DataTable label="Machines" columns={columns} rows={rows} rowKey={(r) => r.id} empty={<p>Nothing</p>} />);
    expect(renderedNames()).toEqual(['web-10', 'web-9', 'db-1']);

    fireEvent.click(screen.getByRole('button', { name: /Policies/ }));
    expect(renderedNames()).toEqual(['web-9', 'db-1', 'web-10']);
    expect(screen.getByRole('columnheader', { name: /Policies/ }).getAttribute('aria-sort')).toBe('ascending');

    fireEvent.click(screen.getByRole('button', { name: /Policies/ }));
    expect(renderedNames()).toEqual(['web-10', 'db-1', 'web-9']);
    expect(screen.getByRole('columnheader', { name: /Policies/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('filters rows through the Filter input and offers to clear a filter with no match', () => {
    render(
      <DataTable label="Machines" columns={columns} rows={rows} rowKey={(r) => r.id} empty={<p>Nothing</p>} initialSort={{ columnId: 'name', direction: 'asc' }} />,
    );
    const filter = screen.getByLabelText('Filter');
    fireEvent.change(filter, { target: { value: 'web' } });
    expect(renderedNames()).toEqual(['web-9', 'web-10']);

    fireEvent.change(filter, { target: { value: 'mail' } });
    expect(renderedNames()).toEqual([]);
    expect(screen.getByText(/Nothing matches/).textContent).toContain('mail');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(renderedNames()).toEqual(['db-1', 'web-9', 'web-10']);
  });

  it('shows the empty state, loading state and error message instead of a table', () => {
    const { rerender } = render(<DataTable label="Machines" columns={columns} rows={[]} rowKey={(r) => r.id} empty={<p>No machines yet</p>} />);
    expect(screen.getByText('No machines yet')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();

    rerender(<DataTable label="Machines" columns={columns} rows={undefined} isLoading rowKey={(r) => r.id} empty={<p>No machines yet</p>} />);
    expect(screen.getByRole('status', { name: 'Loading machines' })).toBeTruthy();

    rerender(<DataTable label="Machines" columns={columns} rows={undefined} error="Folder not found" rowKey={(r) => r.id} empty={null} />);
    expect(screen.getByRole('alert').textContent).toContain('Folder not found');
  });

  it('leaves sorting to the server when asked: rows keep their order and header clicks are reported', () => {
    const onChange = vi.fn();
    const serverColumns: Column<Row>[] = [
      { id: 'name', header: 'Name', cell: (r) => r.name, serverSortable: true },
      { id: 'ip', header: 'IP', cell: (r) => r.ip ?? '—' },
    ];
    render(
      <DataTable
        label="Machines"
        columns={serverColumns}
        rows={rows}
        rowKey={(r) => r.id}
        empty={null}
        serverSort={{ state: { columnId: 'name', direction: 'desc' }, onChange }}
        footer={<p>Page 1</p>}
      />,
    );
    expect(renderedNames()).toEqual(['web-10', 'web-9', 'db-1']);
    expect(screen.queryByLabelText('Filter')).toBeNull();
    expect(screen.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('descending');
    expect(within(screen.getByRole('columnheader', { name: 'IP' })).queryByRole('button')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(onChange).toHaveBeenCalledWith({ columnId: 'name', direction: 'asc' });
    expect(renderedNames()).toEqual(['web-10', 'web-9', 'db-1']);
    expect(screen.getByText('Page 1')).toBeTruthy();
  });
});
