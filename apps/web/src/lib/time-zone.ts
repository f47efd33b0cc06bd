import { isValidTimeZone } from '@cloud-backup/domain';

export interface DisplayZone {
  /** The zone to compute and format times in. */
  zone: string;
  /** False when this browser's Intl does not know the policy's zone, so `zone` is UTC instead. */
  known: boolean;
}

/**
 * The server (Node with full ICU) accepts every IANA zone, but a browser may ship an older or smaller zone
 * database; `Intl.DateTimeFormat` throws a RangeError for a zone it lacks. Times are then shown in UTC,
 * with `unknownZoneNote` saying so, instead of breaking the page.
 */
export function displayZone(timeZone: string): DisplayZone {
  return isValidTimeZone(timeZone) ? { zone: timeZone, known: true } : { zone: 'UTC', known: false };
}

export function unknownZoneNote(timeZone: string): string {
  return `This browser does not know the time zone “${timeZone}”, so times here are in UTC. The server schedules in ${timeZone}.`;
}
