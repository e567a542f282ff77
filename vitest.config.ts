import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '~': path.join(import.meta.dirname, 'app') };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Two files at a time, whatever the machine: a file spends most of its time waiting on its
          // own server (a child process), so two share even two cores well, and CI's time is the
          // project's limit (README, Tests). The timing tests allow for a neighbour's load. Its own
          // group (groupOrder): vitest runs projects with different maxWorkers one after the other.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          // A hook may start two servers and log in several users (each login hashes a password).
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One file at a time. Two at a time (tried: docs/decisions/021-ci-time.md) ran beside the
          // integration files, saved 80 s of 995 and made two tests fail on a page not yet drawn.
          fileParallelism: false,
        },
      },
    ],
  },
});
