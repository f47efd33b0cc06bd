import { INSTANCE_KIND_LABEL, InstanceKind } from '@cloud-backup/domain';

const DETAIL: Record<InstanceKind, string> = {
  vm: 'A virtual machine on any hypervisor or cloud. Counts against the folder’s virtual machine limit.',
  bms: 'A physical server. Counts against the folder’s bare-metal server limit. Backups restore only to servers of the same kind.',
};

export function KindStep({ kind, onChange }: { kind: InstanceKind; onChange: (kind: InstanceKind) => void }) {
  return (
    <fieldset>
      <legend className="text-base font-semibold">What are you connecting?</legend>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        {InstanceKind.options.map((option) => (
          <label
            key={option}
            className="flex cursor-pointer gap-3 rounded-lg border border-gray-200 p-4 has-[:checked]:border-blue-500 has-[:checked]:bg-blue-50 dark:border-gray-700 dark:has-[:checked]:border-blue-400 dark:has-[:checked]:bg-blue-950/40"
          >
            <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => onChange(option)} className="mt-0.5 accent-blue-600" />
            <span>
              <span className="block font-medium text-gray-900 dark:text-gray-100">{INSTANCE_KIND_LABEL[option]}</span>
              <span className="mt-0.5 block text-gray-500 dark:text-gray-400">{DETAIL[option]}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
