import { describe, expect, it } from 'vitest';
import {
  backupsPageHref,
  DEFAULT_BACKUP_FILTERS,
  endOfDayIso,
  filtersFromSearch,
  filtersToSearch,
  hasFilters,
  listParamsFromFilters,
  startOfDayIso,
} from './backup-filters';

describe('filtersFromSearch', () => {
  it('reads every filter, the sort and the page', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('instanceId=ins_1&policyId=pol_2&type=full&status=failed&from=2025-06-01&to=2025-06-30&sort=newBytes&order=asc&page=3'),
    );
    expect(filters).toEqual({
      instanceId: 'ins_1',
      policyId: 'pol_2',
      type: 'full',
      status: 'failed',
      from: '2025-06-01',
      to: '2025-06-30',
      sort: 'newBytes',
      order: 'asc',
      page: 3,
    });
  });

  it('falls back to defaults for values it cannot read', () => {
    const filters = filtersFromSearch(new URLSearchParams('type=weekly&status=&from=2025-02-30&to=yesterday&sort=size&order=up&page=-1'));
    expect(filters).toEqual(DEFAULT_BACKUP_FILTERS);
  });
});

describe('filtersToSearch', () => {
  it('writes only what differs from the defaults and round-trips', () => {
    expect(filtersToSearch(DEFAULT_BACKUP_FILTERS).toString()).toBe('');
    const filters = { ...DEFAULT_BACKUP_FILTERS, status: 'running' as const, sort: 'fileCount' as const, page: 2 };
    const search = filtersToSearch(filters);
    expect(search.toString()).toBe('status=running&sort=fileCount&order=desc&page=2');
    expect(filtersFromSearch(search)).toEqual(filters);
  });

  it('builds pre-filtered links to the Backups page', () => {
    expect(backupsPageHref('default', { instanceId: 'ins_1' })).toBe('/folders/default/backups?instanceId=ins_1');
    expect(backupsPageHref('default')).toBe('/folders/default/backups');
  });
});

describe('listParamsFromFilters', () => {
  it('turns calendar days into the whole local days and pages into offsets', () => {
    const params = listParamsFromFilters({ ...DEFAULT_BACKUP_FILTERS, from: '2025-06-01', to: '2025-06-02', page: 3 });
    expect(params).toEqual({
      from: new Date(2025, 5, 1).toISOString(),
      to: new Date(2025, 5, 2, 23, 59, 59, 999).toISOString(),
      sort: 'startedAt',
      order: 'desc',
      limit: 50,
      offset: 100,
    });
    expect(startOfDayIso('2025-06-01')).toBe(new Date(2025, 5, 1).toISOString());
    expect(endOfDayIso('2025-06-01')).toBe(new Date(2025, 5, 1, 23, 59, 59, 999).toISOString());
  });

  it('knows when anything is filtered', () => {
    expect(hasFilters(DEFAULT_BACKUP_FILTERS)).toBe(false);
    expect(hasFilters({ ...DEFAULT_BACKUP_FILTERS, sort: 'durationMs' })).toBe(false);
    expect(hasFilters({ ...DEFAULT_BACKUP_FILTERS, type: 'incremental' })).toBe(true);
  });
});
