import type { Backup } from '@cloud-backup/domain';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { RestoreDialog } from './restore-dialog';

/** The backup page's "Restore whole instance…": the restore wizard with every file, to the original paths. */
export function RestoreWholeInstanceButton({ backup }: { backup: Backup }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Restore whole instance…</Button>
      <RestoreDialog open={open} backup={backup} scope={{ kind: 'whole' }} onClose={() => setOpen(false)} />
    </>
  );
}
