import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'engine',
    include: ['src/**/*.test.ts'],
    testTimeout: 60000,
    // Test workers start with the malloc tunables README.md recommends for the agent and server (huge pages,
    // freed buffers kept for reuse): first-touch page faults of fresh buffers dominate on this VM, and the
    // 5 GiB chunkFile test runs ~2x faster with them. Only speed changes; every assertion is the same.
    env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456' },
  },
});
