import { POLICY_NAME_MAX } from '@cloud-backup/domain';
import { Section } from '../../../components/ui/section';
import { BoundCheckbox, BoundTextField } from './policy-fields';
import { SchemeFields } from './scheme-fields';

export function GeneralSection({ fixed }: { fixed: boolean }) {
  return (
    <Section title="General">
      <div className="space-y-5">
        <BoundTextField name="name" label="Name" maxLength={POLICY_NAME_MAX} autoComplete="off" hint={`Unique in this folder, at most ${POLICY_NAME_MAX} characters.`} className="max-w-md" />
        <BoundCheckbox name="enabled" label="Enabled" description="A disabled policy schedules no backups." />
        <SchemeFields fixed={fixed} />
      </div>
    </Section>
  );
}
