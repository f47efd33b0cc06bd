import { BackupSort, BackupStatus, BackupType, type BackupListQuery } from '@cloud-backup/domain';
import type { BackupListParams } from './api/backups.queries';

export type BackupSortKey = BackupListQuery['sort'];
export type SortOrder = BackupListQuery['order'];

/** The Backups page's state, as kept in the URL so a filtered view can be linked to. */
export interface BackupFilters {
  instanceId: string | null;
  policyId: string | null;
  type: BackupType | null;
  status: BackupStatus | null;
  /** Calendar days (`YYYY-MM-DD`) in the browser's time zone, as date inputs give them. */
  from: string | null;
  to: string | null;
  sort: BackupSortKey;
  order: SortOrder;
  /** 1-based. */
  page: number;
}

export const BACKUP_PAGE_SIZE = 50;

export const DEFAULT_BACKUP_FILTERS: BackupFilters = {
  instanceId: null,
  policyId: null,
  type: null,
  status: null,
  from: null,
  to: null,
  sort: 'startedAt',
  order: 'desc',
  page: 1,
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day (`YYYY-MM-DD`) that exists, or null; URL filters read their date range with it. */
export function day(value: string | null): string | null {
  if (!value) return null;
  const match = DAY.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Number(y), Number(m) - 1, Number(d));
  return date.getMonth() === Number(m) - 1 ? value : null;
}

function text(value: string | null): string | null {
  return value && value.length <= 64 ? value : null;
}

/** Reads filters from the URL; anything unreadable (an old or hand-edited link) falls back to the default. */
export function filtersFromSearch(search: URLSearchParams): BackupFilters {
  const page = Number(search.get('page'));
  return {
    instanceId: text(search.get('instanceId')),
    policyId: text(search.get('policyId')),
    type: BackupType.safeParse(search.get('type')).data ?? null,
    status: BackupStatus.safeParse(search.get('status')).data ?? null,
    from: day(search.get('from')),
    to: day(search.get('to')),
    sort: BackupSort.safeParse(search.get('sort')).data ?? DEFAULT_BACKUP_FILTERS.sort,
    order: search.get('order') === 'asc' ? 'asc' : search.get('order') === 'desc' ? 'desc' : DEFAULT_BACKUP_FILTERS.order,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** Writes only what differs from the defaults, so plain links stay plain. */
export function filtersToSearch(filters: BackupFilters): URLSearchParams {
  const search = new URLSearchParams();
  const set = (name: string, value: string | null) => {
    if (value !== null) search.set(name, value);
  };
  set('instanceId', filters.instanceId);
  set('policyId', filters.policyId);
  set('type', filters.type);
  set('status', filters.status);
  set('from', filters.from);
  set('to', filters.to);
  if (filters.sort !== DEFAULT_BACKUP_FILTERS.sort || filters.order !== DEFAULT_BACKUP_FILTERS.order) {
    search.set('sort', filters.sort);
    search.set('order', filters.order);
  }
  if (filters.page > 1) search.set('page', String(filters.page));
  return search;
}

export function hasFilters(filters: BackupFilters): boolean {
  return [filters.instanceId, filters.policyId, filters.type, filters.status, filters.from, filters.to].some((v) => v !== null);
}

/** Start of a local calendar day as an ISO instant. */
export function startOfDayIso(value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).toISOString();
}

/** Last millisecond of a local calendar day, so "to" includes the whole day whether the server compares with < or <=. */
export function endOfDayIso(value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 23, 59, 59, 999).toISOString();
}

export function listParamsFromFilters(filters: BackupFilters, pageSize = BACKUP_PAGE_SIZE): BackupListParams {
  const params: BackupListParams = {};
  if (filters.instanceId) params.instanceId = filters.instanceId;
  if (filters.policyId) params.policyId = filters.policyId;
  if (filters.type) params.type = filters.type;
  if (filters.status) params.status = filters.status;
  if (filters.from) params.from = startOfDayIso(filters.from);
  if (filters.to) params.to = endOfDayIso(filters.to);
  params.sort = filters.sort;
  params.order = filters.order;
  params.limit = pageSize;
  params.offset = (filters.page - 1) * pageSize;
  return params;
}

/** Link to the Backups page showing only one instance's or one policy's backups. */
export function backupsPageHref(folderId: string, filter: Partial<Pick<BackupFilters, 'instanceId' | 'policyId'>> = {}): string {
  const search = filtersToSearch({ ...DEFAULT_BACKUP_FILTERS, ...filter }).toString();
  return `/folders/${encodeURIComponent(folderId)}/backups${search ? `?${search}` : ''}`;
}
