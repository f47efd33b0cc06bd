import { fsync } from 'node:fs';
import { promisify } from 'node:util';

const fsyncFd = promisify(fsync);

/**
 * fsync of written files, a few at once. Each fsync of a small new file waits for a journal commit and a
 * cache flush of the disk (milliseconds), mostly idle time: several running together share commits. They
 * run on libuv's thread pool, so at most `concurrency` at a time, which leaves threads for creating the
 * next files meanwhile.
 */
export class FileSyncer {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  async sync(fd: number): Promise<void> {
    while (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      await fsyncFd(fd);
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
