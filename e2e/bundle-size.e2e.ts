import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The content scripts load on every trading page the trader opens: each stays within 30 KB gzip
 * (issue 8's budget; 37 KB before zod/mini). Reads the build `npm run e2e` has just made.
 */
const BUILD = '.output/chrome-mv3';
const BUDGET_BYTES = 30 * 1024;

describe('bundle budget', () => {
  const scripts = readdirSync(join(BUILD, 'content-scripts')).filter((f) => f.endsWith('.js'));

  it('builds one content script per site', () => {
    expect(scripts.sort()).toEqual(['binance.js', 'bybit.js']);
  });

  for (const file of ['binance.js', 'bybit.js']) {
    it(`keeps ${file} within 30 KB gzip`, () => {
      const gzipped = gzipSync(readFileSync(join(BUILD, 'content-scripts', file))).length;
      console.log(`${file}: ${(gzipped / 1024).toFixed(1)} KB gzip`);
      expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
    });
  }
});
