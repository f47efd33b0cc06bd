import { defaultPolicies, PolicyInput, type Policy } from '@cloud-backup/domain';
import { useFormContext, type FieldPath } from 'react-hook-form';
import type { z } from 'zod';

/**
 * The form edits a PolicyInput exactly as the API takes it, validated by the domain schema itself. Input and
 * output differ only where the schema fills defaults (the weekly full day), hence the two types.
 */
export type PolicyFormValues = z.input<typeof PolicyInput>;
export type PolicyFieldName = FieldPath<PolicyFormValues>;

export function usePolicyFormContext() {
  return useFormContext<PolicyFormValues, unknown, PolicyInput>();
}

/** A new policy starts as the folder's "Default daily" policy, without its name. */
export function newPolicyValues(): PolicyFormValues {
  const [daily] = defaultPolicies();
  if (!daily) throw new Error('The domain defines no default policy');
  return { name: '', enabled: true, settings: daily.settings };
}

export function policyFormValues(policy: Policy): PolicyFormValues {
  return { name: policy.name, enabled: policy.enabled, settings: structuredClone(policy.settings) };
}

/**
 * Wording for the schema's generic checks; the schema's own messages ("Use HH:MM", "Must not end with a
 * variable") take precedence over these. Number inputs hold NaN while empty, which lands here as an
 * invalid number.
 */
export const policyFormErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int' ? 'Enter a whole number' : undefined;
    case 'too_small':
      if (issue.origin === 'number') return `Must be at least ${String(issue.minimum)}`;
      if (issue.origin === 'string') return 'Required';
      if (issue.origin === 'array') return Number(issue.minimum) === 1 ? 'Add at least one entry' : `Add at least ${String(issue.minimum)} entries`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'number') return `Must be at most ${String(issue.maximum)}`;
      if (issue.origin === 'string') return `At most ${String(issue.maximum)} characters`;
      if (issue.origin === 'array') return `At most ${String(issue.maximum)} entries`;
      return undefined;
    default:
      return undefined;
  }
};

export const FIXED_AFTER_CREATION_NOTE = 'Fixed once the policy is created.';
