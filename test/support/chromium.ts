import { existsSync } from 'node:fs';
import { type Browser, type LaunchOptions, type Page, chromium } from 'playwright-core';

/** Debian's Chromium: playwright-core never downloads a browser; `npm test` installs this one. */
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM_EXECUTABLE,
  headless: true,
  // Root in a container (no sandbox), no GPU, and no traffic of its own (updates, sync, QUIC probes).
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/**
 * Headless Chromium with a fresh profile: Playwright gives every launch its own temporary
 * user-data-dir and deletes it on close (it refuses a --user-data-dir argument). Close it in afterAll.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_EXECUTABLE)) {
    throw new Error(
      `${CHROMIUM_EXECUTABLE} is missing: run \`node scripts/ensure-setup.js --chromium\` (as npm test does), ` +
        'or as root: apt-get update && apt-get install -y --no-install-recommends chromium',
    );
  }
  return chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
}

/** Uncaught errors and console.error lines of a page, from now on: a test expects none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(`console.error: ${message.text()}`);
    }
  });
  return errors;
}
