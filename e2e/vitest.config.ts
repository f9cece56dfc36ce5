import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.ts';

// e2e tests start real processes (the MCP Inspector, reference servers, Redis, Chromium): on a
// loaded 2-core machine one can take tens of seconds, which is slow, not wrong.
export default mergeConfig(
  sharedConfig,
  defineConfig({ test: { testTimeout: 90_000, hookTimeout: 90_000 } }),
);
