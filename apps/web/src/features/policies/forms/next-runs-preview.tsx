import { BackupScheme, Schedule, upcomingRuns, type UpcomingRun } from '@cloud-backup/domain';
import { useMemo } from 'react';
import { useFormState, useWatch } from 'react-hook-form';
import { Badge } from '../../../components/ui/badge';
import { Section } from '../../../components/ui/section';
import { displayZone, unknownZoneNote } from '../../../lib/time-zone';
import { useNow } from '../../../lib/use-now';
import { usePolicyFormContext } from './policy-form.schema';
import { browserTimeZone } from './time-zone-field';

export const NEXT_RUNS_COUNT = 10;

/**
 * "Thu, 5 Jun 2025, 03:00" on the clock of `timeZone`; 24-hour like the schedule's HH:MM times. A zone this
 * browser does not know falls back to UTC (see lib/time-zone.ts) rather than throwing.
 */
export function formatRunTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone: displayZone(timeZone).zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

type Preview = { state: 'invalid' } | { state: 'ok'; timeZone: string; zoneKnown: boolean; interval: boolean; runs: UpcomingRun[] };

interface NextRunsPreviewProps {
  /** The clock the runs start from; the page passes the current time, tests a fixed one. */
  now?: Date | undefined;
  /** Whether linked instances already have backups, so the first run need not be full. */
  hasPrevious: boolean;
}

/** The schedule's next runs as the form stands, computed with the scheduler's own rules. */
export function NextRunsPreview({ now, hasPrevious }: NextRunsPreviewProps) {
  const { control } = usePolicyFormContext();
  const [schedule, timeZone, scheme, enabled] = useWatch({ control, name: ['settings.schedule', 'settings.timeZone', 'settings.scheme', 'enabled'] });
  // The saved policy's zone is trusted even when this browser lacks it; a newly typed unknown one is a mistake.
  const savedZone = useFormState({ control }).defaultValues?.settings?.timeZone;
  const ticking = useNow(60_000);
  const from = now?.getTime() ?? ticking;
  // The watched objects can be updated in place, so the memo is keyed by their content.
  const key = JSON.stringify([schedule, timeZone, scheme]);

  const preview = useMemo<Preview>(() => {
    const [s, tz, sc] = JSON.parse(key) as unknown[];
    const parsed = { schedule: Schedule.safeParse(s), scheme: BackupScheme.safeParse(sc) };
    if (!parsed.schedule.success || !parsed.scheme.success || typeof tz !== 'string' || tz === '') return { state: 'invalid' };
    // The saved zone, when this browser lacks it, is previewed in UTC with a note instead of throwing.
    const { zone, known } = displayZone(tz);
    if (!known && tz !== savedZone) return { state: 'invalid' };
    const settings = { schedule: parsed.schedule.data, timeZone: zone, scheme: parsed.scheme.data };
    const runs = upcomingRuns(settings, { from: new Date(from), count: NEXT_RUNS_COUNT, lastRunEnd: null, hasPrevious });
    return { state: 'ok', timeZone: known ? zone : tz, zoneKnown: known, interval: settings.schedule.kind === 'interval', runs };
  }, [key, from, hasPrevious, savedZone]);

  const here = browserTimeZone();
  return (
    <Section title="Next runs" description={`The next ${NEXT_RUNS_COUNT} runs as the schedule stands.`}>
      {preview.state === 'invalid' ? (
        <p className="text-gray-500 dark:text-gray-400">Correct the schedule to see its next runs.</p>
      ) : preview.runs.length === 0 ? (
        <p className="text-gray-500 dark:text-gray-400">This schedule never runs: no day in the next eight years matches it.</p>
      ) : (
        <div className="space-y-3">
          {enabled === false && <p className="text-amber-800 dark:text-amber-300">The policy is disabled: none of these runs happen until it is enabled.</p>}
          {!preview.zoneKnown && (
            <p role="note" className="text-amber-800 dark:text-amber-300">
              {unknownZoneNote(preview.timeZone)} Runs are computed on the UTC clock, so they can differ from the real ones by the zone’s offset.
            </p>
          )}
          <div className="overflow-x-auto rounded-md border border-gray-200 dark:border-gray-800">
            <table aria-label="Next runs" className="min-w-full divide-y divide-gray-200 text-xs dark:divide-gray-800">
              <thead className="bg-gray-50 dark:bg-gray-900/60">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-semibold text-gray-600 dark:text-gray-400">
                    Type
                  </th>
                  <th scope="col" className="px-3 py-2 text-left font-semibold text-gray-600 dark:text-gray-400">
                    {preview.zoneKnown ? `Policy time (${preview.timeZone})` : 'Policy time (UTC)'}
                  </th>
                  <th scope="col" className="px-3 py-2 text-left font-semibold text-gray-600 dark:text-gray-400">
                    {`Your time (${here})`}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
                {preview.runs.map((run) => (
                  <tr key={run.at.getTime()}>
                    <td className="px-3 py-1.5">
                      <Badge tone={run.type === 'full' ? 'blue' : 'gray'}>{run.type === 'full' ? 'Full' : 'Incremental'}</Badge>
                    </td>
                    <td className="px-3 py-1.5 whitespace-nowrap tabular-nums">
                      <time dateTime={run.at.toISOString()}>{formatRunTime(run.at, preview.timeZone)}</time>
                    </td>
                    <td className="px-3 py-1.5 whitespace-nowrap text-gray-600 tabular-nums dark:text-gray-400">{formatRunTime(run.at, here)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-gray-500 dark:text-gray-400">
            {hasPrevious ? 'Instances without a backup yet start with a full one.' : 'The first backup of each instance is always full.'}
            {preview.runs.length < NEXT_RUNS_COUNT && ' No further runs in the next eight years.'}
            {preview.interval && ' Assumes each backup ends as soon as it starts.'}
            {' '}Times are before any random start delay.
          </p>
        </div>
      )}
    </Section>
  );
}
