import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('returns same-site paths unchanged', () => {
    expect(safeNext('/folders/default/vms?sort=name')).toBe('/folders/default/vms?sort=name');
  });

  it('refuses other sites and loops back to sign-in', () => {
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/sign-in?next=/')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
