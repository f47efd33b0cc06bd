import { defineConfig } from 'vitest/config';

// One run for every workspace's tests; each project has its own config next to its code.
export default defineConfig({
  test: {
    projects: ['packages/domain', 'packages/engine', 'apps/bff', 'apps/agent', 'apps/web'],
  },
});
