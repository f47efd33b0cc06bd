import type { ReactNode } from 'react';
import { Button, type ButtonVariant } from './button';

/**
 * The footer of a dialog holding one form: Cancel, and the submit button tied to the form by its id
 * (the footer sits outside the <form>). While the request runs, Cancel is disabled and submit spins.
 */
export function FormDialogFooter({
  formId,
  submitLabel,
  pending,
  onCancel,
  variant = 'primary',
}: {
  formId: string;
  submitLabel: ReactNode;
  pending: boolean;
  onCancel: () => void;
  variant?: ButtonVariant;
}) {
  return (
    <>
      <Button onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" form={formId} variant={variant} pending={pending}>
        {submitLabel}
      </Button>
    </>
  );
}
