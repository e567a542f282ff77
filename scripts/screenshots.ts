// Development aid: screenshots of the main pages for each role, at 1280 px and 375 px wide.
// npx tsx scripts/screenshots.ts http://127.0.0.1:3100 .tmp/shots
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../test/support/browser';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? '.tmp/shots';
const pages = (process.argv[4] ?? '/login,/,/decisions,/decisions/new').split(',');
const user = process.argv[5] ?? 'valmistelija';
fs.mkdirSync(out, { recursive: true });
const browser = await launchBrowser();
for (const width of [1280, 375]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.screenshot({ path: path.join(out, `login-${width}.png`), fullPage: true });
  await page.fill('#username', user);
  await page.fill('#password', `${user}-demo`);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]:has-text("Kirjaudu")')]);
  for (const p of pages) {
    await page.goto(base + p);
    const name = p.replace(/[^a-z0-9]+/gi, '_') || 'root';
    await page.screenshot({ path: path.join(out, `${user}${name}-${width}.png`), fullPage: true });
  }
  await context.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
