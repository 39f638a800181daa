import {
  browserSuite,
  cspViolations,
  describeWithBrowser,
  loginThroughPage,
  startConsoleApp,
} from '../helpers/browser';
import { TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/create-test-app';

/** The console's assistant: POST /api/ai/chat streamed as server-sent events, offline (no API key). */
describeWithBrowser('the assistant page in a browser', () => {
  const b = browserSuite();
  let t: TestApp;
  const admin = { username: 'admin', password: TEST_ADMIN_PASSWORD };

  beforeAll(async () => {
    t = await startConsoleApp();
  });
  afterAll(() => t?.close());

  it('should stream the offline answer with its sources, and continue the conversation', async () => {
    const page = await b.newPage();
    await loginThroughPage(page, t.baseUrl, admin);
    await page.goto(`${t.baseUrl}/#/assistant`);
    const input = page.locator('[data-testid=chat-input]');
    const messages = page.locator('[data-testid=chat-message]');
    const assistant = page.locator('[data-testid=chat-message][data-role=assistant]');
    await input.waitFor({ state: 'visible' });

    const asked = page.waitForRequest((req) => req.url().endsWith('/api/ai/chat'));
    await input.fill('why does my L298N get hot?');
    await page.locator('[data-testid=chat-send]').click();
    const first = await asked;
    expect(first.headers()['accept']).toBe('text/event-stream');
    expect(first.postDataJSON()).toEqual({
      messages: [{ role: 'user', content: 'why does my L298N get hot?' }],
    });
    const sources = assistant.first().locator('[data-testid=chat-sources]');
    await sources.waitFor({ state: 'visible' });
    expect(await assistant.first().innerText()).toContain('The assistant is offline');
    expect(await page.evaluate('window.__rmc.chatDeltas')).toBeGreaterThan(1);
    await page.locator('[data-testid=chat-offline]').waitFor({ state: 'visible' });
    expect(await sources.locator('li').filter({ hasText: 'L298N' }).count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=chat-error]').isVisible()).toBe(false);
    await b.screenshot(page, 'first-answer');

    // The second question carries the conversation's id and only itself.
    const again = page.waitForRequest((req) => req.url().endsWith('/api/ai/chat'));
    await input.fill('and how do I cool it?');
    await input.press('Enter');
    const second = (await again).postDataJSON() as { messages: unknown[]; conversationId: string };
    expect(second.messages).toEqual([{ role: 'user', content: 'and how do I cool it?' }]);
    expect(second.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    await assistant.nth(1).locator('[data-testid=chat-sources]').waitFor({ state: 'visible' });
    expect(await messages.count()).toBe(4);
    expect(await page.locator('[data-testid=chat-message][data-role=user]').count()).toBe(2);
    expect(await assistant.count()).toBe(2);

    // A cited part opens on the knowledge page; coming back reads the conversation back in.
    await sources
      .locator('a')
      .filter({ hasText: /L298N dual H-bridge/ })
      .click();
    await page
      .locator('[data-testid=part-detail] h2', { hasText: 'L298N' })
      .waitFor({ state: 'visible' });
    await page.goBack();
    await assistant.nth(1).locator('[data-testid=chat-sources]').waitFor({ state: 'visible' });
    expect(await messages.count()).toBe(4);

    // A new conversation starts empty.
    await page.locator('[data-testid=chat-new]').click();
    expect(await messages.count()).toBe(0);
    expect(await cspViolations(page)).toEqual([]);
  });
});
