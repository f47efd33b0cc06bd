import { describe, expect, it } from 'vitest';
import { osIdentityFromRelease, parseOsRelease } from '../src/metadata/os-release.parser';

const DEBIAN = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;

describe('parseOsRelease', () => {
  it('reads quoted and unquoted values', () => {
    const fields = parseOsRelease(DEBIAN);
    expect(fields.NAME).toBe('Debian GNU/Linux');
    expect(fields.VERSION_CODENAME).toBe('bookworm');
    expect(fields.HOME_URL).toBe('https://www.debian.org/');
  });

  it('skips comments, blank lines and malformed lines, and handles escapes and single quotes', () => {
    const text = [
      '# a comment',
      '',
      'not a pair',
      '=novalue',
      'NAME=\'Alpine Linux\'',
      'PRETTY_NAME="My \\"quoted\\" OS \\$HOME"',
      'VERSION_ID=3.19.1 # trailing',
      'ID_LIKE="rhel fedora"\r',
    ].join('\n');
    expect(parseOsRelease(text)).toEqual({
      NAME: 'Alpine Linux',
      PRETTY_NAME: 'My "quoted" OS $HOME',
      VERSION_ID: '3.19.1',
      ID_LIKE: 'rhel fedora',
    });
  });

  it('returns an empty record for empty text', () => {
    expect(parseOsRelease('')).toEqual({});
  });
});

describe('osIdentityFromRelease', () => {
  it('picks NAME, VERSION_ID and PRETTY_NAME', () => {
    expect(osIdentityFromRelease(parseOsRelease(DEBIAN))).toEqual({
      name: 'Debian GNU/Linux',
      version: '12',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
    });
  });

  it('builds a pretty name when the file has none (rolling releases have no VERSION_ID)', () => {
    expect(osIdentityFromRelease({ NAME: 'Arch Linux', BUILD_ID: 'rolling' })).toEqual({
      name: 'Arch Linux',
      version: 'rolling',
      prettyName: 'Arch Linux rolling',
    });
  });

  it('returns null when nothing identifies the OS', () => {
    expect(osIdentityFromRelease({ HOME_URL: 'https://example.com' })).toBeNull();
  });
});
