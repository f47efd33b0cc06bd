import { describe, expect, it } from 'vitest';
import { RwLock } from './rw-lock.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('RwLock (pack writes vs GC)', () => {
  it('runs shared holders together, and GC alone after them', async () => {
    const lock = new RwLock();
    const log: string[] = [];
    const shared = (name: string) =>
      lock.withShared(async () => {
        log.push(`${name}+`);
        await tick();
        log.push(`${name}-`);
      });
    const exclusive = lock.withExclusive(async () => {
      log.push('gc+');
      await tick();
      log.push('gc-');
    });
    await Promise.all([exclusive, shared('w1'), shared('w2')]);
    expect(log).toEqual(['gc+', 'gc-', 'w1+', 'w2+', 'w1-', 'w2-']);
  });

  it('makes GC wait for in-flight writes and holds back writes that arrive after it', async () => {
    const lock = new RwLock();
    const log: string[] = [];
    const write = (name: string) =>
      lock.withShared(async () => {
        log.push(`${name}+`);
        await tick();
        log.push(`${name}-`);
      });
    const first = write('w1');
    const gc = lock.withExclusive(async () => {
      log.push('gc');
    });
    const late = write('w2');
    await Promise.all([first, gc, late]);
    expect(log).toEqual(['w1+', 'w1-', 'gc', 'w2+', 'w2-']);
  });

  it('releases the lock when the holder throws', async () => {
    const lock = new RwLock();
    await expect(lock.withExclusive(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.withShared(async () => 'ok')).resolves.toBe('ok');
  });
});
