import type { PolicyInput, RetentionPreview } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, linkedInstance, policy, routeFetch } from '../../../test/fixtures';
import { api, describedText, findForm, renderEditor } from './policy-form.test-utils';

const fetchMock = vi.fn<typeof fetch>();
const saved = policy({ instances: [linkedInstance({ lastBackupAt: '2025-06-03T03:00:00.000Z' })] });
let puts: PolicyInput[] = [];
let previews: unknown[] = [];

const preview: RetentionPreview = {
  instances: [
    {
      instanceId: 'ins_1',
      instanceName: 'web-1',
      archiveId: 'arc_1',
      backupCount: 3,
      delete: [{ backupId: 'bak_old', startedAt: '2025-05-01T03:00:00.000Z', reason: 'Beyond the last 2 backups' }],
    },
  ],
};

beforeEach(() => {
  puts = [];
  previews = [];
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      [`GET ${api}/policies/pol_1`]: () => json(200, saved),
      [`PUT ${api}/policies/pol_1`]: (init) => {
        const body = JSON.parse(String(init?.body)) as PolicyInput;
        puts.push(body);
        return json(200, { ...saved, name: body.name, settings: body.settings });
      },
      [`POST ${api}/policies/pol_1/retention-preview`]: (init) => {
        previews.push(JSON.parse(String(init?.body)));
        return json(200, preview);
      },
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('<PolicyForm> edit', () => {
  it('shows the settings fixed after creation read-only, with a note, and still sends them', async () => {
    const router = renderEditor('/folders/default/policies/pol_1/edit');
    const form = await findForm('Edit Default daily');
    const scheme = within(form).getByRole('combobox', { name: 'Backup scheme' });
    expect((scheme as HTMLSelectElement).disabled).toBe(true);
    expect(describedText(scheme)).toContain('Fixed once the policy is created.');
    expect((within(form).getByRole('radio', { name: 'Fixed times' }) as HTMLInputElement).disabled).toBe(true);
    expect((within(form).getByRole('radio', { name: 'Interval between backups' }) as HTMLInputElement).disabled).toBe(true);
    const compression = within(form).getByRole('combobox', { name: 'Compression' });
    expect((compression as HTMLSelectElement).disabled).toBe(true);
    expect(describedText(compression)).toContain('Fixed once the policy is created.');
    expect((within(form).getByRole('textbox', { name: 'Name' }) as HTMLInputElement).disabled).toBe(false);

    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Nightly' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/policies/pol_1'));
    expect(puts).toEqual([{ name: 'Nightly', enabled: true, settings: saved.settings }]);
  });

  it('maps a refused change of a fixed setting onto that setting', async () => {
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${api}/policies/pol_1`]: () => json(200, saved),
        [`POST ${api}/policies/pol_1/retention-preview`]: () => json(200, preview),
        [`PUT ${api}/policies/pol_1`]: () =>
          json(400, {
            error: {
              code: 'validation_failed',
              message: 'Some settings cannot be changed',
              fields: { 'settings.compression': 'Compression cannot be changed after the policy is created' },
            },
          }),
      }),
    );
    renderEditor('/folders/default/policies/pol_1/edit');
    const form = await findForm('Edit Default daily');
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(describedText(within(form).getByRole('combobox', { name: 'Compression' }))).toContain('Compression cannot be changed after the policy is created'));
  });

  it('previews which backups the retention being edited would delete', async () => {
    renderEditor('/folders/default/policies/pol_1/edit');
    const section = await screen.findByRole('region', { name: 'Retention preview' });
    expect(await within(section).findByText('1 of 3 backups would be deleted.')).toBeTruthy();
    expect(within(section).getByRole('heading', { name: 'web-1' })).toBeTruthy();
    const list = within(section).getByRole('list', { name: 'Backups of web-1 that would be deleted' });
    expect(within(list).getByText('Beyond the last 2 backups')).toBeTruthy();
    expect(previews).toEqual([{ retention: saved.settings.retention }]);

    // Edits are sent once they settle, with the form's current rules.
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Number of backups to keep' }), { target: { value: '2' } });
    await waitFor(() => expect(previews).toHaveLength(2), { timeout: 2000 });
    expect(previews[1]).toEqual({ retention: { ...saved.settings.retention, keepLast: 2 } });

    // Keeping everything needs no request.
    fireEvent.click(screen.getByRole('radio', { name: 'Keep all backups' }));
    expect(await within(section).findByText('All backups are kept: nothing would be deleted.', undefined, { timeout: 2000 })).toBeTruthy();
    expect(previews).toHaveLength(2);
  });

  it('has no retention preview when no instance is linked', async () => {
    fetchMock.mockImplementation(routeFetch({ [`GET ${api}/policies/pol_1`]: () => json(200, policy()) }));
    renderEditor('/folders/default/policies/pol_1/edit');
    await findForm('Edit Default daily');
    expect(screen.queryByRole('region', { name: 'Retention preview' })).toBeNull();
  });
});
