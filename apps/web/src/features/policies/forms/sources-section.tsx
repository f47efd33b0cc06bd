import { Section } from '../../../components/ui/section';
import { BoundCheckbox } from './policy-fields';
import { StringListField } from './string-list-field';

export function SourcesSection() {
  return (
    <Section title="Sources and filters" description="What is backed up. Paths are inside the agent’s root on each instance.">
      <div className="space-y-6">
        <StringListField name="settings.sources.paths" legend="Paths" itemLabel="Path" addLabel="Add path" newItem="" placeholder="/home" mono />
        <BoundCheckbox
          name="settings.sources.skipPseudoFilesystems"
          label="Skip pseudo file systems"
          description="Leave out /proc, /sys, /dev, /run and other file systems that hold no data of their own."
        />
        <div className="grid gap-6 md:grid-cols-2">
          <StringListField
            name="settings.fileFilters.exclusionMasks"
            legend="Exclusion masks"
            itemLabel="Exclusion mask"
            addLabel="Add exclusion mask"
            placeholder="*.tmp"
            emptyText="Nothing is excluded."
            mono
          />
          <StringListField
            name="settings.fileFilters.inclusionMasks"
            legend="Inclusion masks"
            itemLabel="Inclusion mask"
            addLabel="Add inclusion mask"
            placeholder="*.conf"
            emptyText="Everything not excluded is included."
            mono
          />
        </div>
        <p className="text-xs text-gray-500 dark:text-gray-400">Masks match file and folder names with * and ?, ignoring case. When a name matches both, exclusion wins.</p>
      </div>
    </Section>
  );
}
