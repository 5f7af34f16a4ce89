import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [
      'core/**/*.test.ts',
      'components/**/*.test.{ts,tsx}',
      'utils/**/*.test.{ts,tsx}',
      'entrypoints/**/*.test.{ts,tsx}',
      'tools/**/*.test.ts',
    ],
    exclude: ['node_modules', '.output', 'e2e'],
  },
});
