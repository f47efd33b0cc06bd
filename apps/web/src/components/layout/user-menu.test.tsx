import { cleanup, fireEvent, screen } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { renderRouter } from '../../test/render-router';
import { UserMenu } from './user-menu';

afterEach(cleanup);

function renderMenu(installationAdmin: boolean) {
  renderRouter(createMemoryRouter([{ path: '/', element: <UserMenu username="ann" installationAdmin={installationAdmin} /> }]));
  fireEvent.click(screen.getByRole('button', { name: 'ann' }));
}

describe('<UserMenu>', () => {
  it('links to Change password and, for installation admins, to Users', () => {
    renderMenu(true);
    expect(screen.getByRole('link', { name: 'Change password' }).getAttribute('href')).toBe('/change-password');
    expect(screen.getByRole('link', { name: 'Users' }).getAttribute('href')).toBe('/admin/users');
  });

  it('shows no Users link to other users', () => {
    renderMenu(false);
    expect(screen.getByRole('link', { name: 'Change password' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
  });
});
