// End-to-end: the browser companion (client.js), served by the Flask
// integration, logging visitors into the emulator's stand-in widget, in
// headless Chromium. Every test gets a new browser context (cookies and
// sessionStorage of its own) and an emptied emulator log.

'use strict';

const assert = require('node:assert/strict');
const { after, afterEach, before, beforeEach, describe, test } = require('node:test');
const {
  launchBrowser,
  newSecret,
  startEmulator,
  startFlaskSite,
  startTogether,
  waitForExactText,
} = require('./harness');

const SECRET = newSecret();
const WRONG_SECRET = newSecret();
const ALLOWED_DOMAINS = ['example.com'];

const ADA = { email: 'ada@example.com', name: 'Ada Lovelace' };
const EMILIE = { email: 'emilie@example.com', name: 'Émilie du Châtelet' };
const GRACE = { email: 'grace@example.com', name: 'Grace Hopper' };
const MALLORY = { email: 'mallory@elsewhere.test', name: 'Mallory' };

const TTL = 300; // the Flask integration's default token lifetime
const WAIT_MS = 10_000; // for what should take a second at most
const FINAL_STATES = ['logged-in', 'anonymous', 'not-allowed', 'failed', 'logged-out'];

// Runs in every page before its own scripts: records the companion's state
// events, and which widget API it called (in sessionStorage, so that the
// record survives the sign-out's page loads in the same tab).
function spy() {
  const KEY = 'test:widget-calls';
  window.__states = [];
  document.addEventListener('chat-autologin:state', (event) => {
    window.__states.push(event.detail);
  });
  const record = (call) => {
    const calls = JSON.parse(sessionStorage.getItem(KEY) || '[]');
    calls.push(call);
    sessionStorage.setItem(KEY, JSON.stringify(calls));
  };
  const wrap = (object, name, label) => {
    const original = object[name];
    object[name] = function (...args) {
      record(label);
      return original.apply(this, args);
    };
  };
  const define = customElements.define;
  customElements.define = function (name, constructor, options) {
    if (name === 'chat-widget') {
      wrap(constructor.prototype, 'loginWithToken', 'element.loginWithToken');
      wrap(constructor.prototype, 'logout', 'element.logout');
    }
    return define.call(this, name, constructor, options);
  };
  let legacy;
  Object.defineProperty(window, 'spartezSupportChat', {
    configurable: true,
    enumerable: true,
    get: () => legacy,
    set: (value) => {
      if (value && value.sso && !value.sso.__spied) {
        wrap(value.sso, 'login', 'sso.login');
        wrap(value.sso, 'logout', 'sso.logout');
        value.sso.__spied = true;
      }
      legacy = value;
    },
  });
}

let browser;
let emulator;
const pages = [];

before(async () => {
  [browser, emulator] = await startTogether(launchBrowser(), startEmulator({ secret: SECRET }));
});

after(async () => {
  await browser?.close();
  await emulator?.stop();
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
});

async function newPage() {
  const context = await browser.newContext();
  context.setDefaultTimeout(WAIT_MS);
  await context.addInitScript(spy);
  const page = await context.newPage();
  page.consoleLines = [];
  page.requestedUrls = [];
  page.on('request', (request) => page.requestedUrls.push(request.url()));
  page.on('console', (message) => page.consoleLines.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => page.consoleLines.push(`page error: ${error.message}`));
  pages.push(page);
  return page;
}

/** A test whose failure message carries the page's console and the servers' output. */
function scenario(name, servers, body, timeout = 30_000) {
  test(name, { timeout }, async () => {
    const page = await newPage();
    try {
      await body(page);
    } catch (error) {
      const outputs = servers()
        .filter(Boolean)
        .map((server) => `--- ${server.name}:\n${server.output().slice(-3000)}`);
      error.message += `\n--- the page:\n${page.consoleLines.join('\n')}\n${outputs.join('\n')}`;
      throw error;
    }
  });
}

function signIn(page, site, user, next = '/') {
  const url = new URL('signin', site.url);
  url.searchParams.set('email', user.email);
  url.searchParams.set('name', user.name);
  url.searchParams.set('next', next);
  return page.goto(url.href);
}

/** Waits until the element with this data-testid reads exactly `text` (across page loads). */
const waitForText = (page, testid, text, timeout = WAIT_MS) =>
  waitForExactText(page.getByTestId(testid), text, timeout);

const loggedInAs = (user) => `Logged in as ${user.name} <${user.email}>`;

/** The companion's { state, code } once it has settled. */
async function settledState(page, timeout = WAIT_MS) {
  const handle = await page.waitForFunction(
    (states) =>
      window.chatAutologin &&
      states.includes(window.chatAutologin.state) && {
        state: window.chatAutologin.state,
        code: window.chatAutologin.code,
      },
    FINAL_STATES,
    { timeout },
  );
  return handle.jsonValue();
}

const stateEvents = (page) => page.evaluate(() => window.__states);
const widgetCalls = (page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('test:widget-calls') || '[]'));

function assertSession(session, user, site) {
  assert.equal(session.email, user.email);
  assert.equal(session.displayName, user.name);
  assert.deepEqual(Object.keys(session.claims), ['email', 'displayName', 'iat', 'exp']);
  assert.equal(session.claims.email, user.email);
  assert.equal(session.claims.displayName, user.name);
  assert.ok(Number.isInteger(session.claims.iat), `iat ${session.claims.iat}`);
  assert.equal(session.claims.exp - session.claims.iat, TTL);
  assert.ok(Math.abs(session.claims.iat - Date.now() / 1000) < 60, `iat ${session.claims.iat} is not now`);
  assert.equal(session.origin, new URL(site.url).origin);
}

describe('a Flask site with the right secret', () => {
  let site;
  const servers = () => [emulator, site];

  before(async () => {
    site = await startFlaskSite({
      secret: SECRET,
      emulatorUrl: emulator.url,
      allowedDomains: ALLOWED_DOMAINS,
    });
  });
  after(() => site?.stop());
  beforeEach(() => emulator.reset());

  scenario('logs a signed-in visitor into the widget automatically', servers, async (page) => {
    await signIn(page, site, ADA);
    await waitForText(page, 'site-user', `Signed in as ${ADA.name} <${ADA.email}>`);
    await waitForText(page, 'chat-widget-status', 'Logged in as Ada Lovelace <ada@example.com>');
    assert.deepEqual(await settledState(page), { state: 'logged-in', code: null });
    const states = (await stateEvents(page)).map((event) => event.state);
    assert.deepEqual(states, ['waiting', 'logging-in', 'logged-in']);
    assert.deepEqual(await widgetCalls(page), ['element.loginWithToken']);
    assert.equal(await page.locator('chat-widget').getAttribute('data-state'), 'logged-in');
    assert.equal(await page.getByTestId('chat-widget-error').isHidden(), true);

    const log = await emulator.log();
    assert.deepEqual(log.rejections, []);
    assert.equal(log.sessions.length, 1);
    const [session] = log.sessions;
    assert.equal(session.active, true);
    assert.equal(session.endedBy, null);
    assertSession(session, ADA, site);
  });

  scenario('leaves an anonymous visitor alone, with no token request and a clean console', servers, async (page) => {
    await page.goto(site.url);
    assert.deepEqual(await settledState(page), { state: 'anonymous', code: null });
    await waitForText(page, 'site-user', 'Not signed in');
    await waitForText(page, 'chat-widget-status', 'Not logged in');
    assert.deepEqual(await widgetCalls(page), []);
    // The page was rendered for an anonymous visitor: nothing to ask, nothing to log.
    assert.deepEqual(
      page.requestedUrls.filter((url) => new URL(url).pathname.endsWith('/token')),
      [],
    );
    assert.deepEqual(
      page.consoleLines.filter((line) => !line.startsWith('console.log') && !line.startsWith('console.info')),
      [],
    );
    const log = await emulator.log();
    assert.deepEqual(log.sessions, []);
    assert.deepEqual(log.rejections, []);
  });

  scenario('leaves a visitor outside the allowed email domains alone', servers, async (page) => {
    await signIn(page, site, MALLORY);
    await waitForText(page, 'site-user', `Signed in as ${MALLORY.name} <${MALLORY.email}>`);
    assert.deepEqual(await settledState(page), { state: 'not-allowed', code: null });
    await waitForText(page, 'chat-widget-status', 'Not logged in');
    assert.deepEqual(await widgetCalls(page), []);
    const log = await emulator.log();
    assert.deepEqual(log.sessions, []);
    assert.deepEqual(log.rejections, []);
  });

  scenario('logs the widget out when the visitor signs out', servers, async (page) => {
    await signIn(page, site, ADA);
    await waitForText(page, 'chat-widget-status', loggedInAs(ADA));
    await page.getByTestId('sign-out').click();
    await waitForText(page, 'site-user', 'Not signed in');
    await waitForText(page, 'chat-widget-status', 'Not logged in');
    assert.deepEqual(await settledState(page), { state: 'anonymous', code: null });
    assert.deepEqual(await widgetCalls(page), ['element.loginWithToken', 'element.logout']);

    const log = await emulator.log();
    assert.deepEqual(log.rejections, []);
    assert.equal(log.sessions.length, 1);
    assert.equal(log.sessions[0].active, false);
    assert.equal(log.sessions[0].endedBy, 'logout');
    assertSession(log.sessions[0], ADA, site);
  });

  scenario('logs out a widget left logged in when the site ends the session by itself', servers, async (page) => {
    await signIn(page, site, ADA);
    await waitForText(page, 'chat-widget-status', loggedInAs(ADA));
    // The session ends without the companion's logout() (it expired, say):
    // the next page is rendered for an anonymous visitor.
    await page.evaluate(() => fetch('/signout', { method: 'POST', credentials: 'same-origin' }));
    page.requestedUrls.length = 0;
    await page.goto(site.url);
    await waitForText(page, 'site-user', 'Not signed in');
    assert.deepEqual(await settledState(page), { state: 'anonymous', code: null });
    await waitForText(page, 'chat-widget-status', 'Not logged in');
    // The calls of this tab, across its pages.
    assert.deepEqual(await widgetCalls(page), ['element.loginWithToken', 'element.logout']);
    assert.deepEqual(
      page.requestedUrls.filter((url) => new URL(url).pathname.endsWith('/token')),
      [],
    );
    const log = await emulator.log();
    assert.equal(log.sessions.length, 1);
    assert.equal(log.sessions[0].active, false);
    assert.equal(log.sessions[0].endedBy, 'logout');
  });

  scenario('works the same with the older spartezSupportChat API', servers, async (page) => {
    await signIn(page, site, EMILIE, '/?legacy=1');
    await waitForText(page, 'chat-widget-status', loggedInAs(EMILIE));
    assert.deepEqual(await settledState(page), { state: 'logged-in', code: null });
    assert.deepEqual(await widgetCalls(page), ['sso.login']);
    // The page has no element of its own: the one there is the widget script's.
    assert.deepEqual(await page.$$eval('chat-widget', (widgets) => widgets.map((w) => w.dataset.createdBy)), [
      'chat-widget.js',
    ]);
    let log = await emulator.log();
    assert.deepEqual(log.rejections, []);
    assert.equal(log.sessions.length, 1);
    assert.equal(log.sessions[0].active, true);
    assertSession(log.sessions[0], EMILIE, site);

    await page.getByTestId('sign-out').click();
    await waitForText(page, 'site-user', 'Not signed in');
    await waitForText(page, 'chat-widget-status', 'Not logged in');
    assert.deepEqual(await settledState(page), { state: 'anonymous', code: null });
    assert.equal(new URL(page.url()).search, '?legacy=1');
    assert.deepEqual(await widgetCalls(page), ['sso.login', 'sso.logout']);
    log = await emulator.log();
    assert.equal(log.sessions.length, 1);
    assert.equal(log.sessions[0].active, false);
    assert.equal(log.sessions[0].endedBy, 'logout');
  });
});

describe('a Flask site with the wrong secret', () => {
  let site;
  const servers = () => [emulator, site];

  before(async () => {
    site = await startFlaskSite({ secret: WRONG_SECRET, emulatorUrl: emulator.url });
  });
  after(() => site?.stop());
  beforeEach(() => emulator.reset());

  scenario('gets bad_signature from the widget, and gives up', servers, async (page) => {
    await signIn(page, site, ADA, '/?retry_for=2');
    assert.deepEqual(await settledState(page), { state: 'failed', code: 'bad_signature' });
    const error = page.getByTestId('chat-widget-error');
    assert.equal(await error.getAttribute('data-code'), 'bad_signature');
    assert.match(await error.textContent(), /^Login failed: bad_signature: /);
    await waitForText(page, 'chat-widget-status', 'Not logged in');
    const retried = (await stateEvents(page)).filter((event) => event.code === 'bad_signature');
    assert.ok(retried.length >= 2, `retried: ${JSON.stringify(retried)}`);

    const log = await emulator.log();
    assert.deepEqual(log.sessions, []);
    assert.ok(log.rejections.length >= 2, 'the companion retried');
    for (const rejection of log.rejections) {
      assert.equal(rejection.code, 'bad_signature');
      assert.equal(rejection.status, 401);
      assert.equal(rejection.claimsVerified, false);
      assert.equal(rejection.claims.email, ADA.email);
    }
  });
});

describe('an emulator with --new-user-delay 3', () => {
  let slowEmulator;
  let site;
  const servers = () => [slowEmulator, site];

  before(async () => {
    slowEmulator = await startEmulator({ secret: SECRET, newUserDelay: 3 });
    site = await startFlaskSite({ secret: SECRET, emulatorUrl: slowEmulator.url });
  });
  after(() => Promise.all([site?.stop(), slowEmulator?.stop()]));

  scenario(
    'is retried by the companion until the new user can log in',
    servers,
    async (page) => {
      const started = Date.now();
      await signIn(page, site, GRACE);
      await waitForText(page, 'chat-widget-status', loggedInAs(GRACE), 20_000);
      assert.ok(Date.now() - started >= 3000, `logged in after ${Date.now() - started} ms`);
      assert.deepEqual(await settledState(page), { state: 'logged-in', code: null });
      const events = await stateEvents(page);
      assert.ok(
        events.some((e) => e.state === 'logging-in' && e.code === 'user_not_ready'),
        JSON.stringify(events),
      );
      assert.ok(events.filter((e) => e.state === 'failed').length === 0);

      const log = await slowEmulator.log();
      assert.equal(log.sessions.length, 1);
      assert.equal(log.sessions[0].active, true);
      assertSession(log.sessions[0], GRACE, site);
      assert.ok(log.rejections.length >= 1);
      for (const rejection of log.rejections) {
        assert.equal(rejection.code, 'user_not_ready');
        assert.equal(rejection.status, 503);
        assert.equal(rejection.claimsVerified, true);
        assert.equal(rejection.claims.email, GRACE.email);
      }
      // Newest first: the first refusal is the last one listed. (The times are
      // when each request arrived, to the millisecond; the delay counts from
      // just after the first one was verified.)
      const firstRefusal = log.rejections.at(-1).time;
      assert.ok(
        log.sessions[0].time - firstRefusal >= 3 - 0.05,
        `logged in ${log.sessions[0].time - firstRefusal} s after the first refusal`,
      );
    },
    40_000,
  );
});
