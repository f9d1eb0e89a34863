// End-to-end: the example sites (examples/flask, django, fastapi, express and
// axum), each run as its README says against an emulator of its own, used in
// headless Chromium as a visitor would: the page, the sign-in form, the widget
// logging in, the sign-out button, the widget logging out.

'use strict';

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const {
  EXAMPLE_SITES,
  launchBrowser,
  newSecret,
  startEmulator,
  startExampleSite,
  waitForExactText,
} = require('./harness');

const SECRET = newSecret();
const ADA = { email: 'ada@example.com', name: 'Ada Lovelace' };
const LOGGED_IN = 'Logged in as Ada Lovelace <ada@example.com>';
const NOT_LOGGED_IN = 'Not logged in';
const WAIT_MS = 10_000; // for what should take a second at most

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(() => browser?.close());

/** A page in a new browser context, which records its console and errors. */
async function newPage() {
  const context = await browser.newContext();
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  page.consoleLines = [];
  page.on('console', (message) => page.consoleLines.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => page.consoleLines.push(`page error: ${error.message}`));
  return page;
}

const widgetStatus = (page) => page.locator('chat-widget [data-testid=chat-widget-status]');

/** Waits for the widget's status and the page's #chat-state (the companion's state). */
async function waitForWidget(page, status, state) {
  await waitForExactText(widgetStatus(page), status, WAIT_MS);
  await waitForExactText(page.locator('#chat-state'), state, WAIT_MS);
}

for (const name of Object.keys(EXAMPLE_SITES)) {
  describe(`the ${name} example site`, () => {
    let emulator;
    let site;

    before(async () => {
      emulator = await startEmulator({ secret: SECRET });
      site = await startExampleSite(name, {
        secret: SECRET,
        widgetScriptUrl: new URL('chat-widget.js', emulator.url).href,
      });
    });

    after(async () => {
      await site?.stop();
      await emulator?.stop();
    });

    test('signs a visitor in and out, and the widget follows', { timeout: 60_000 }, async () => {
      const page = await newPage();
      try {
        // Anonymous: the sign-in form, and nobody in the widget.
        await page.goto(site.url);
        await page.locator('#sign-in').waitFor();
        await waitForWidget(page, NOT_LOGGED_IN, 'anonymous');
        assert.deepEqual((await emulator.log()).sessions, []);

        // Sign in through the form.
        await page.locator('#sign-in input[name=email]').fill(ADA.email);
        await page.locator('#sign-in input[name=name]').fill(ADA.name);
        await page.locator('#sign-in [type=submit]').click();
        await page.locator('#sign-out').waitFor();
        assert.equal(await page.locator('#user-name').textContent(), ADA.name);
        assert.equal(await page.locator('#user-email').textContent(), ADA.email);
        await waitForWidget(page, LOGGED_IN, 'logged-in');

        let log = await emulator.log();
        assert.deepEqual(log.rejections, []);
        assert.equal(log.sessions.length, 1, JSON.stringify(log.sessions));
        let [session] = log.sessions;
        assert.equal(session.active, true);
        assert.equal(session.endedBy, null);
        assert.equal(session.email, ADA.email);
        assert.equal(session.displayName, ADA.name);
        assert.equal(session.origin, new URL(site.url).origin);

        // Sign out through the page: the widget logs out first.
        await page.locator('#sign-out [type=submit]').click();
        await page.locator('#sign-in').waitFor();
        await waitForWidget(page, NOT_LOGGED_IN, 'anonymous');

        log = await emulator.log();
        assert.deepEqual(log.rejections, []);
        assert.equal(log.sessions.length, 1, JSON.stringify(log.sessions));
        [session] = log.sessions;
        assert.equal(session.active, false);
        assert.equal(session.endedBy, 'logout');
        assert.equal(session.email, ADA.email);
      } catch (error) {
        const outputs = [emulator, site].map(
          (server) => `--- ${server.name}:\n${server.output().slice(-3000)}`,
        );
        error.message += `\n--- the page:\n${page.consoleLines.join('\n')}\n${outputs.join('\n')}`;
        throw error;
      } finally {
        await page.context().close();
      }
    });

    test('stops on SIGTERM', { timeout: 30_000 }, async () => {
      const stopped = await site.stop();
      assert.ok(stopped, `it had already exited:\n${site.output()}`);
      assert.equal(stopped.killed, false, `it took SIGKILL:\n${site.output()}`);
    });
  });
}
