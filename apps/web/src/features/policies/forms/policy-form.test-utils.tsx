import { screen } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { renderRouter } from '../../../test/render-router';
import { PolicyCreatePage, PolicyEditPage } from '../components/policy-editor-page';

export const api = '/api/v1/folders/default';
/** A Wednesday, so a week of daily runs crosses a Monday. */
export const NOW = new Date('2025-06-04T12:00:00.000Z');

/** The text of everything that describes a control: its hint and its error. */
export function describedText(element: HTMLElement): string {
  const ids = element.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

export function renderEditor(path: '/folders/default/policies/new' | `/folders/default/policies/${string}/edit`) {
  const router = createMemoryRouter(
    [
      { path: '/folders/:folderId/policies/new', element: <PolicyCreatePage folderId="default" now={NOW} /> },
      { path: '/folders/:folderId/policies/:policyId/edit', element: <EditRoute /> },
      { path: '/folders/:folderId/policies/:policyId', element: <p>Policy page</p> },
      { path: '/folders/:folderId/policies', element: <p>Policy list</p> },
    ],
    { initialEntries: [path] },
  );
  renderRouter(router);
  return router;
}

function EditRoute() {
  return <PolicyEditPage folderId="default" policyId="pol_1" now={NOW} />;
}

export async function findForm(name: string) {
  return screen.findByRole('form', { name });
}
