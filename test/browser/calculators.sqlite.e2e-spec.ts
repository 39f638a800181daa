import { type Account, createAccount, loginAdmin } from '../helpers/auth';
import {
  browserSuite,
  cspViolations,
  describeWithBrowser,
  loginThroughPage,
  startConsoleApp,
} from '../helpers/browser';
import type { TestApp } from '../helpers/create-test-app';

/** The console's calculators page: forms built from GET /api/knowledge/calculators. */
describeWithBrowser('the calculators page in a browser', () => {
  const b = browserSuite();
  let t: TestApp;
  let viewer: Account;

  beforeAll(async () => {
    t = await startConsoleApp();
    viewer = await createAccount(t.baseUrl, await loginAdmin(t.baseUrl), 'viewer');
  });
  afterAll(() => t?.close());

  it('should compute the resistor for a red LED on 5 V, and name a refused input', async () => {
    const page = await b.newPage();
    await loginThroughPage(page, t.baseUrl, viewer);
    await page.goto(`${t.baseUrl}/#/calculators`);
    const form = page.locator('form[data-testid=calculator-led-resistor]');
    await form.waitFor({ state: 'visible' });
    // Every calculator the service lists gets a form.
    expect(await page.locator('form[data-testid^=calculator-]').count()).toBe(7);
    await form.locator('input[name=supplyVoltage]').fill('5');
    await form.locator('input[name=ledVoltage]').fill('2');
    await form.locator('input[name=ledCurrent]').fill('0.02');
    await form.locator('button[type=submit]').click();
    const result = page.locator('[data-testid=result-led-resistor]');
    await result
      .getByText(/^150 ohm/)
      .first()
      .waitFor({ state: 'visible' });
    await b.screenshot(page, 'led-resistor');

    const ohms = page.locator('form[data-testid=calculator-ohms-law]');
    await ohms.locator('input[name=voltage]').fill('12');
    await ohms.locator('input[name=current]').fill('2');
    await ohms.locator('input[name=resistance]').fill('6');
    await ohms.locator('button[type=submit]').click();
    // Three of three: the service refuses, and the page shows it beside the inputs it names.
    await ohms.locator('[data-error-for=resistance]').filter({ hasText: /\S/ }).waitFor();
    expect(await page.locator('[data-testid=result-ohms-law] dl').count()).toBe(0);
    expect(await cspViolations(page)).toEqual([]);
  });
});
