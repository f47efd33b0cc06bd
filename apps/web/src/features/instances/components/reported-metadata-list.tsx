import { REPORTED_METADATA } from '@cloud-backup/domain';

export function ReportedMetadataList() {
  return (
    <ul className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-2">
      {REPORTED_METADATA.map((item) => (
        <li key={item.label} className="flex gap-2">
          <span aria-hidden="true" className="mt-1.5 size-1.5 shrink-0 rounded-full bg-blue-500" />
          <span>
            <span className="font-medium text-gray-900 dark:text-gray-100">{item.label}</span>
            <span className="text-gray-500 dark:text-gray-400"> — {item.detail}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
