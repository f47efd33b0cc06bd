import type { Clock } from '../lib/clock';

interface Failures {
  count: number;
  lastAt: number;
}

/** Failures allowed before delays start: per user name, and (higher, shared by a network) per address. */
const FREE_ATTEMPTS = { user: 3, ip: 10 } as const;
const MAX_DELAY_MS = 5 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;

/**
 * Slows down guessing: after a few failures for the same user name (or from the same address), each
 * further attempt must wait twice as long as the one before, up to five minutes.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly clock: Clock) {}

  private keys(username: string, ip: string): [string, number][] {
    return [
      [`u:${username.toLowerCase()}`, FREE_ATTEMPTS.user],
      [`ip:${ip}`, FREE_ATTEMPTS.ip],
    ];
  }

  /** Milliseconds the caller must still wait, 0 when an attempt is allowed now. */
  waitMs(username: string, ip: string): number {
    const now = this.clock.now().getTime();
    let wait = 0;
    for (const [key, free] of this.keys(username, ip)) {
      const f = this.failures.get(key);
      if (!f) continue;
      if (now - f.lastAt > FORGET_AFTER_MS) {
        this.failures.delete(key);
        continue;
      }
      if (f.count < free) continue;
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (f.count - free));
      wait = Math.max(wait, f.lastAt + delay - now);
    }
    return Math.max(0, wait);
  }

  recordFailure(username: string, ip: string): void {
    const now = this.clock.now().getTime();
    for (const [key] of this.keys(username, ip)) {
      const f = this.failures.get(key);
      this.failures.set(key, { count: (f?.count ?? 0) + 1, lastAt: now });
    }
  }

  recordSuccess(username: string, ip: string): void {
    for (const [key] of this.keys(username, ip)) this.failures.delete(key);
  }
}
