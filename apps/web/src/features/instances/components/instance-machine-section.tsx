import type { InstanceMetadata } from '@cloud-backup/domain';
import type { ReactNode } from 'react';
import { DescriptionList } from '../../../components/ui/description-list';
import { Section } from '../../../components/ui/section';
import { formatBytes } from '../../../lib/format';

function List({ items, empty = 'None reported' }: { items: readonly ReactNode[]; empty?: string }) {
  if (items.length === 0) return <span className="text-gray-500 dark:text-gray-400">{empty}</span>;
  return (
    <ul className="space-y-0.5">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

function SmallTable({ label, headers, rows }: { label: string; headers: readonly string[]; rows: readonly (readonly ReactNode[])[] }) {
  if (rows.length === 0) return <span className="text-gray-500 dark:text-gray-400">None reported</span>;
  return (
    <div className="overflow-x-auto rounded-md border border-gray-200 dark:border-gray-800">
      <table aria-label={label} className="min-w-full text-left text-xs">
        <thead className="bg-gray-50 text-gray-600 dark:bg-gray-800/60 dark:text-gray-400">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className="px-3 py-1.5 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c} className="px-3 py-1.5 align-top">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const mono = (text: string) => <span className="font-mono">{text}</span>;

function diskType(rotational: boolean | null): string {
  if (rotational === null) return 'Unknown';
  return rotational ? 'Rotational (HDD)' : 'Solid state';
}

export function machineItems(m: InstanceMetadata) {
  return [
    { label: 'Host name', value: m.hostname },
    { label: 'Operating system', value: m.os.prettyName || `${m.os.name} ${m.os.version}`.trim() },
    { label: 'Kernel', value: [m.kernel.release, m.kernel.version].filter(Boolean).join(' — ') },
    { label: 'Architecture', value: m.arch },
    { label: 'IP addresses', value: <List items={m.ipAddresses.map(mono)} /> },
    {
      label: 'Network interfaces',
      value: (
        <List
          items={m.interfaces.map((i) => (
            <>
              <span className="font-medium">{i.name}</span> {mono(i.mac || 'no MAC')}
              {i.addresses.length > 0 && <span className="text-gray-500 dark:text-gray-400"> ({i.addresses.join(', ')})</span>}
            </>
          ))}
        />
      ),
    },
    { label: 'Memory', value: formatBytes(m.memoryBytes) },
    { label: 'CPU', value: `${m.cpu.model || 'Unknown model'}, ${Math.round(m.cpu.frequencyMhz)} MHz, ${m.cpu.cores} ${m.cpu.cores === 1 ? 'core' : 'cores'}` },
    { label: 'CPU type', value: m.cpu.type === 'physical' ? 'Physical' : 'Virtual' },
    { label: 'Virtualization', value: m.virtualization.isVirtual ? `Virtualized (${m.virtualization.type})` : 'None (bare metal)' },
    {
      label: 'Mount points',
      value: (
        <SmallTable
          label="Mount points"
          headers={['Mount point', 'Device', 'File system', 'Size', 'Free']}
          rows={m.mounts.map((x) => [mono(x.mountPoint), mono(x.device), x.fsType, formatBytes(x.totalBytes), formatBytes(x.freeBytes)])}
        />
      ),
    },
    {
      label: 'Disks',
      value: (
        <SmallTable
          label="Disks"
          headers={['Name', 'Model', 'Size', 'Type']}
          rows={m.disks.map((d) => [mono(d.name), d.model || '—', formatBytes(d.sizeBytes), diskType(d.rotational)])}
        />
      ),
    },
  ];
}

export function InstanceMachineSection({ metadata }: { metadata: InstanceMetadata | null }) {
  return (
    <Section title="Machine" description="As reported by the agent from the machine itself.">
      {metadata ? (
        <DescriptionList items={machineItems(metadata)} />
      ) : (
        <p className="text-gray-500 dark:text-gray-400">The agent has not reported the machine’s details yet.</p>
      )}
    </Section>
  );
}
