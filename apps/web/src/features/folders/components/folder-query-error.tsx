import { ErrorCode } from '@cloud-backup/domain';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { ActivationRequiredPanel } from './activation-required-panel';

interface FolderQueryErrorProps {
  folderId: string;
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** A query error on a folder page; folder_not_active becomes the activation guide rather than a red box. */
export function FolderQueryError({ folderId, error, title = 'Could not load this page', onRetry }: FolderQueryErrorProps) {
  if (isApiError(error, ErrorCode.folderNotActive)) return <ActivationRequiredPanel folderId={folderId} />;
  return (
    <Alert
      title={title}
      action={
        onRetry && (
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        )
      }
    >
      {errorMessage(error)}
    </Alert>
  );
}
