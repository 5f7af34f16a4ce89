import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Screenshots and other evidence from e2e runs land here (gitignored). */
const ARTIFACTS_DIR = resolve(import.meta.dirname, '../../e2e-artifacts');

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 120);
}

/** The running vitest test's full name ("file > describe > test"), or `fallback` outside a test. */
function currentTestName(fallback = 'no-test'): string {
  try {
    return expect.getState().currentTestName ?? fallback;
  } catch {
    return fallback;
  }
}

/** Saves a screenshot of `page` as e2e-artifacts/<test name>[--<label>].png and returns the path. */
export async function saveScreenshot(
  page: Page,
  label?: string,
  testName = currentTestName(),
): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${slug(testName)}${label ? `--${slug(label)}` : ''}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Saves `value` as e2e-artifacts/<test name>--<label>.json (evidence beside a failing check) and returns the path. */
export async function saveJsonArtifact(
  label: string,
  value: unknown,
  testName = currentTestName(),
): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${slug(testName)}--${slug(label)}.json`);
  await writeFile(file, `${JSON.stringify(value, null, 1)}\n`);
  return file;
}

/** Saves PNG bytes as e2e-artifacts/<test name>--<label>.png and returns the path. */
export async function savePngArtifact(
  label: string,
  png: Uint8Array,
  testName = currentTestName(),
): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${slug(testName)}--${slug(label)}.png`);
  await writeFile(file, png);
  return file;
}
