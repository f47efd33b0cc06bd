import { UpdateLimitsRequest, type FolderLimits } from '@cloud-backup/domain';
import { z } from 'zod';

/** Storage limits are sold in decimal units (SPEC §6: 10 TB), so the form speaks GB and TB. */
export const STORAGE_UNITS = { GB: 1000 ** 3, TB: 1000 ** 4 } as const;
export type StorageUnit = keyof typeof STORAGE_UNITS;

const count = z.number({ error: 'Enter a whole number' }).int('Enter a whole number').min(0, 'Cannot be negative').max(1_000_000, 'At most 1,000,000');

/**
 * What the Edit limits dialog edits; it parses straight into UpdateLimitsRequest so the server's own
 * rules check the result too.
 */
export const LimitsForm = z
  .object({
    vmLinked: count,
    bmsLinked: count,
    storageAmount: z
      .number({ error: 'Enter a number' })
      .min(0, 'Cannot be negative')
      .max(1_000_000, 'At most 1,000,000')
      .refine((v) => Number.isFinite(v), 'Enter a number'),
    storageUnit: z.enum(['GB', 'TB']),
  })
  .transform(({ vmLinked, bmsLinked, storageAmount, storageUnit }) => ({ vmLinked, bmsLinked, storageBytes: Math.round(storageAmount * STORAGE_UNITS[storageUnit]) }))
  .pipe(UpdateLimitsRequest);
export type LimitsFormInput = z.input<typeof LimitsForm>;

/** TB from 1 TB up when that stays exact to 3 decimals, GB otherwise. */
export function limitsFormValues(limits: FolderLimits): LimitsFormInput {
  const bytes = limits.storageBytes;
  const unit: StorageUnit = bytes >= STORAGE_UNITS.TB && bytes % (STORAGE_UNITS.TB / 1000) === 0 ? 'TB' : 'GB';
  const amount = Math.round((bytes / STORAGE_UNITS[unit]) * 1000) / 1000;
  return { vmLinked: limits.vmLinked, bmsLinked: limits.bmsLinked, storageAmount: amount, storageUnit: unit };
}

const DECIMAL_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** "10 TB", "512 GB", "1.5 GB": decimal units, as limits are set. */
export function formatDecimalBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const rounded = unit === 0 ? Math.round(value) : Math.round(value * 100) / 100;
  return `${rounded.toLocaleString('en-US')} ${DECIMAL_UNITS[unit]}`;
}
