import { OperationStatus, OperationType } from '@cloud-backup/domain';
import { day, endOfDayIso, startOfDayIso } from '../backups/backup-filters';
import type { OperationListParams } from './api/operations.queries';

/** The Operations page's state, as kept in the URL so a filtered view can be linked to. */
export interface OperationFilters {
  type: OperationType | null;
  status: OperationStatus | null;
  targetId: string | null;
  /** Calendar days (`YYYY-MM-DD`) in the browser's time zone, as date inputs give them. */
  from: string | null;
  to: string | null;
  /** 1-based. */
  page: number;
}

export const OPERATION_PAGE_SIZE = 50;

export const DEFAULT_OPERATION_FILTERS: OperationFilters = { type: null, status: null, targetId: null, from: null, to: null, page: 1 };

/** Reads filters from the URL; anything unreadable (an old or hand-edited link) falls back to the default. */
export function operationFiltersFromSearch(search: URLSearchParams): OperationFilters {
  const page = Number(search.get('page'));
  const targetId = search.get('targetId');
  return {
    type: OperationType.safeParse(search.get('type')).data ?? null,
    status: OperationStatus.safeParse(search.get('status')).data ?? null,
    targetId: targetId && targetId.length <= 64 ? targetId : null,
    from: day(search.get('from')),
    to: day(search.get('to')),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** Writes only what differs from the defaults, so plain links stay plain. */
export function operationFiltersToSearch(filters: OperationFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const name of ['type', 'status', 'targetId', 'from', 'to'] as const) {
    const value = filters[name];
    if (value !== null) search.set(name, value);
  }
  if (filters.page > 1) search.set('page', String(filters.page));
  return search;
}

export function hasOperationFilters(filters: OperationFilters): boolean {
  return [filters.type, filters.status, filters.targetId, filters.from, filters.to].some((v) => v !== null);
}

export function operationListParams(filters: OperationFilters, pageSize = OPERATION_PAGE_SIZE): OperationListParams {
  const params: OperationListParams = {};
  if (filters.type) params.type = filters.type;
  if (filters.status) params.status = filters.status;
  if (filters.targetId) params.targetId = filters.targetId;
  if (filters.from) params.from = startOfDayIso(filters.from);
  if (filters.to) params.to = endOfDayIso(filters.to);
  params.limit = pageSize;
  params.offset = (filters.page - 1) * pageSize;
  return params;
}

/** Link to the Operations page with some filters set, e.g. the failed backups from the Overview. */
export function operationsPageHref(folderId: string, filter: Partial<Omit<OperationFilters, 'page'>> = {}): string {
  const search = operationFiltersToSearch({ ...DEFAULT_OPERATION_FILTERS, ...filter }).toString();
  return `/folders/${encodeURIComponent(folderId)}/operations${search ? `?${search}` : ''}`;
}
