// Drives /console in headless Chromium. Protocol with the JUnit test: prints READY once the page shows data and a
// chart, waits for a GO line on stdin (the test has then inserted a new alert), and prints OK when that alert appears
// within 5 s. Args: baseUrl token chromiumPath screenshotPath fingerprint
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const [baseUrl, token, chromiumPath, screenshot, fingerprint] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.error('page error: ' + e.message));
  await page.goto(baseUrl + '/console/index.html#token=' + token);
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 15000 });
  await page.waitForSelector('#streams tbody tr', { timeout: 10000 });
  await page.waitForFunction(() => Number(document.querySelector('#chart').dataset.points || 0) > 1,
    null, { timeout: 10000 });
  const d = await page.getAttribute('#chart path.mos', 'd');
  if (!d || d.split('L').length < 2) { throw new Error('chart has no line: ' + d); }
  console.log('READY');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) { if (line.trim() === 'GO') { break; } }
  const started = Date.now();
  await page.waitForSelector(`#alerts li[data-fingerprint="${fingerprint}"]`, { timeout: 5000 });
  const elapsed = Date.now() - started;
  const buttons = await page.locator(`#alerts li[data-fingerprint="${fingerprint}"] button`).count();
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log('OK ' + elapsed + ' ' + buttons);
} finally {
  await browser.close();
}
