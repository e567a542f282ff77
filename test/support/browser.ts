import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

/** Debian's Chromium, headless, with no network of its own (ADR 009). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Says loudly why the end-to-end tests do not run. In CI a missing browser is a failure,
 * not a skip: .ci/run installs it first.
 */
export function reportMissingChromium(): void {
  if (hasChromium) return;
  const message = `\n*** END-TO-END TESTS SKIPPED: ${CHROMIUM} is missing. Install it: apt-get install -y --no-install-recommends chromium ***\n`;
  console.warn(message);
  if (process.env.CI) throw new Error(`Chromium is required in CI: ${message}`);
}
