import {
  browserSuite,
  cspViolations,
  describeWithBrowser,
  loginThroughPage,
  startConsoleApp,
} from '../helpers/browser';
import { TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/create-test-app';

/** The console's knowledge page: GET /api/knowledge/search, then a part's or document's detail. */
describeWithBrowser('the knowledge page in a browser', () => {
  const b = browserSuite();
  let t: TestApp;
  const admin = { username: 'admin', password: TEST_ADMIN_PASSWORD };

  beforeAll(async () => {
    t = await startConsoleApp();
  });
  afterAll(() => t?.close());

  it('should find the HC-SR04 with its pinout, name an empty query and take any characters', async () => {
    const page = await b.newPage();
    await loginThroughPage(page, t.baseUrl, admin);
    await page.goto(`${t.baseUrl}/#/knowledge`);
    const input = page.locator('[data-testid=knowledge-search-input]');
    const submit = page.locator('[data-testid=knowledge-search-submit]');
    const results = page.locator('[data-testid=knowledge-results]');
    const error = page.locator('[data-testid=knowledge-error]');
    await input.waitFor({ state: 'visible' });

    await input.fill('ultrasonic 5V');
    await input.press('Enter');
    const hcsr04 = page
      .locator('[data-testid=knowledge-result][data-kind=part]')
      .filter({ has: page.locator('strong', { hasText: /^HC-SR04$/ }) });
    await hcsr04.waitFor({ state: 'visible' });
    expect(await hcsr04.getAttribute('data-id')).toMatch(/^[0-9a-f-]{36}$/);
    // The snippet's highlight is a real <mark> element, not its escaped text.
    expect(await hcsr04.locator('.snippet mark').count()).toBeGreaterThan(0);
    expect(await hcsr04.locator('.snippet').innerText()).not.toContain('<mark>');
    await page
      .locator('[data-testid=knowledge-total]')
      .filter({ hasText: /\d+ result/ })
      .waitFor();

    await hcsr04.click();
    const detail = page.locator('[data-testid=part-detail]');
    await detail
      .locator('[data-testid=part-pinout] tr')
      .filter({ has: page.locator('th', { hasText: /^TRIG$/ }) })
      .waitFor({ state: 'visible' });
    expect(await detail.locator('h2').innerText()).toBe('HC-SR04');
    expect(await detail.innerText()).toContain('5 V');
    const datasheet = detail.locator('a[href^="https://"]');
    expect(await datasheet.getAttribute('target')).toBe('_blank');
    expect(await datasheet.getAttribute('rel')).toBe('noopener noreferrer');
    await b.screenshot(page, 'hc-sr04');

    // An empty box: the service's 400 names q, shown beside the box; the results stay as they were.
    const shown = await results.innerHTML();
    await input.fill('');
    await submit.click();
    await error.filter({ hasText: /empty/i }).waitFor({ state: 'visible' });
    expect(await results.innerHTML()).toBe(shown);
    expect(await detail.isVisible()).toBe(true);
    await b.screenshot(page, 'empty-query');

    // Search syntax is plain text to the service: no error, whatever the count, and the page works.
    const answered = page.waitForResponse((res) => res.url().includes('/api/knowledge/search?'));
    await input.fill('"NEAR( -*');
    await submit.click();
    expect((await answered).status()).toBe(200);
    await page
      .locator('[data-testid=knowledge-total]')
      .filter({ hasText: /result/i })
      .waitFor();
    expect((await error.innerText()).trim()).toBe('');
    expect(await page.locator('[data-testid=knowledge-result]').count()).toBeGreaterThanOrEqual(0);

    // Still searching, and a document opens with its summary and its Markdown body as text.
    await input.fill('L298N');
    await input.press('Enter');
    const doc = page
      .locator('[data-testid=knowledge-result][data-kind=document]')
      .filter({ hasText: 'L298N' })
      .first();
    await doc.waitFor({ state: 'visible' });
    const title = await doc.locator('strong').innerText();
    await doc.click();
    const document = page.locator('[data-testid=document-detail]');
    await document.locator('h2', { hasText: title }).waitFor({ state: 'visible' });
    expect(await document.locator('.summary').innerText()).not.toBe('');
    expect(await document.locator('.markdown > *').count()).toBeGreaterThan(1);
    expect(await cspViolations(page)).toEqual([]);
  });
});
