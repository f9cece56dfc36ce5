import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_KEY, startTestServer, type TestServer } from './testing/test-server.ts';

/** Where the screenshot of the run is kept (a CI artifact, ignored by git). */
const RESULTS = new URL('../test-results/', import.meta.url);

let t: TestServer;
let browser: Browser;
beforeAll(async () => {
  t = await startTestServer();
  // Debian's Chromium (.ci/run installs it): no browser download, no sandbox in containers.
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  // Starting a browser on a busy two-core machine can take longer than the default hook time.
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const principal = { agentId: 'banking-agent', userId: 'u-42' };

describe('the dashboard in Chromium', () => {
  it('shows a deny and an approval live, and the Approve button lets the waiting call run [server.dashboard.live-update.chromium] [server.dashboard.approve.chromium]', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(t.url);
    await page.getByTestId('key').fill(OPERATOR_KEY);
    await page.getByTestId('sign-in').click();
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('live');
    expect(await page.getByTestId('policy').textContent()).toBe(`Policy: bank ${t.server.policyVersion}`);

    // A deny, through the API.
    const denied = await t.api('POST', '/v1/evaluate', {
      body: { tool: 'transfer_funds', args: { amount: 2000, to: 'acct-7731' }, principal },
    });
    const denyRow = page.locator(`tr[data-id="${denied.body.id}"]`);
    await denyRow.waitFor();
    expect(await denyRow.locator('td').allTextContents()).toEqual([
      expect.any(String),
      'transfer_funds',
      'u-42',
      'deny',
      'rules',
      'Transfers over $1,000 to a new payee are never automatic',
      '…',
    ]);

    // A call that waits for a human.
    const running = t.api('POST', '/v1/run', {
      body: {
        context: {
          tool: 'transfer_funds',
          args: { amount: 5000, to: 'savings' },
          principal,
          callId: 'call_5000',
        },
      },
    });
    const approval = page.getByTestId('approval');
    await approval.waitFor();
    expect(await approval.textContent()).toContain(
      'transfer_funds {"amount":5000,"to":"savings"} · u-42 · call call_5000',
    );
    const id = await approval.getAttribute('data-id');
    expect(await page.locator(`tr[data-id="${id}"] td.effect-ask`).textContent()).toBe('ask');
    expect(await page.getByTestId('total-ask').locator('strong').textContent()).toBe('1');

    await page.getByTestId('approve').click();
    const run = await running;
    expect(run.body).toMatchObject({ status: 'execute', approver: 'ops', verdict: { id, effect: 'allow' } });
    await t.api('POST', '/v1/settle', { body: { id, outcome: 'executed' } });
    await expect
      .poll(() => page.locator(`tr[data-id="${id}"] [data-testid="outcome"]`).textContent())
      .toBe('executed (ops)');
    await expect.poll(() => page.getByTestId('approvals').textContent()).toBe('Nothing waits for a human.');

    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);

    await page.getByTestId('theme').click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: new URL('dashboard.png', RESULTS).pathname, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
