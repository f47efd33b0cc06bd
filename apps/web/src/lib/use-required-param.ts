import { useParams } from 'react-router';

/** Route params declared in the route path; a missing one is a routing bug, not a user error. */
export function useRequiredParam(name: string): string {
  const value = useParams()[name];
  if (!value) throw new Error(`Route parameter "${name}" is missing`);
  return value;
}
