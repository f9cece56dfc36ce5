import { defineConfig } from 'vitest/config';

/** Shared vitest settings: every package writes a JSON report the root summary adds up. */
export const sharedConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 20_000,
  },
});
