// End-to-end: `make demo` as a person runs it. It starts in a process group of
// its own (a terminal's job), on two free ports picked here; Chromium opens
// the URL it prints and signs in through the form; the widget logs in. Then
// SIGINT goes to the whole group, as Ctrl-C in a terminal does: the demo says
// `demo stopped`, exits, and leaves nothing running.

'use strict';

const assert = require('node:assert/strict');
const { after, test } = require('node:test');
const {
  freePort,
  isListening,
  launchBrowser,
  startProcess,
  startTogether,
  waitForExactText,
} = require('./harness');

// `make demo` builds what it needs first (a no-op after `make test-browser`,
// but the machine may be busy, or cargo waiting for another build's lock).
const DEMO_START_TIMEOUT_MS = 120_000;
const WAIT_MS = 10_000; // for what should take a second at most
const ADA = { email: 'ada@example.com', name: 'Ada Lovelace' };

let browser;
let demo;

after(async () => {
  await browser?.close();
  await demo?.stop('SIGKILL');
});

/** Two different ports, free now. */
async function twoFreePorts() {
  for (;;) {
    const [a, b] = await Promise.all([freePort(), freePort()]);
    if (a !== b) return [a, b];
  }
}

/** Whether a process of the process group `group` is still there. */
function groupAlive(group) {
  try {
    process.kill(-group, 0);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    throw error;
  }
}

test(
  'make demo: prints a URL, logs a visitor in, and Ctrl-C stops it all',
  { timeout: 180_000 },
  async () => {
    const [sitePort, emulatorPort] = await twoFreePorts();
    [browser, demo] = await startTogether(
      launchBrowser(),
      startProcess(
        'make demo',
        'make',
        ['demo', 'SITE=flask'],
        {
          DEMO_PORT: String(sitePort),
          DEMO_EMULATOR_PORT: String(emulatorPort),
          // As a person types it: not a sub-make of `make test-browser`, and
          // none of the settings of the example sites.
          MAKEFLAGS: undefined,
          MAKELEVEL: undefined,
          MFLAGS: undefined,
          MAKEOVERRIDES: undefined,
          SITE: undefined,
          PORT: undefined,
          CHAT_AUTOLOGIN_SECRET: undefined,
          CHAT_WIDGET_SCRIPT_URL: undefined,
          CHAT_JIRA_ID: undefined,
          CHAT_SERVICE_DESK_ID: undefined,
        },
        /open (http:\/\/\S+\/)\s/,
        { timeout: DEMO_START_TIMEOUT_MS, ownGroup: true },
      ),
    );
    const group = demo.child.pid;
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    const consoleLines = [];
    page.on('console', (message) => consoleLines.push(`console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`page error: ${error.message}`));

    try {
      assert.equal(demo.url, `http://127.0.0.1:${sitePort}/`);
      assert.match(
        demo.output(),
        new RegExp(`What the site sent to the chat: http://127\\.0\\.0\\.1:${emulatorPort}/\\n`),
      );

      await page.goto(demo.url);
      await page.locator('#sign-in input[name=email]').fill(ADA.email);
      await page.locator('#sign-in input[name=name]').fill(ADA.name);
      await page.locator('#sign-in [type=submit]').click();
      await page.locator('#sign-out').waitFor();
      await waitForExactText(
        page.locator('chat-widget [data-testid=chat-widget-status]'),
        `Logged in as ${ADA.name} <${ADA.email}>`,
        WAIT_MS,
      );
      const response = await fetch(`http://127.0.0.1:${emulatorPort}/api/log`);
      assert.equal(response.status, 200);
      const log = await response.json();
      assert.deepEqual(log.rejections, []);
      assert.equal(log.sessions.length, 1, JSON.stringify(log.sessions));
      assert.equal(log.sessions[0].active, true);
      assert.equal(log.sessions[0].email, ADA.email);
      await context.close();

      // Ctrl-C.
      const stopped = await demo.stop('SIGINT');
      await demo.closed;
      assert.ok(stopped, 'the demo exited before Ctrl-C');
      assert.equal(stopped.killed, false, 'the demo did not stop on SIGINT within 5 s');
      // make itself dies of the SIGINT (as it does on Ctrl-C in a terminal, the
      // shell reporting 130) once the demo script has exited; had the script
      // exited with an error, make would have said `make: *** [...] Error`.
      assert.ok(
        stopped.code === 0 || stopped.code === 130 || stopped.signal === 'SIGINT',
        `exit ${JSON.stringify(stopped)}`,
      );
      // Its one line: make deletes the file the demo runs as, which is how a
      // signal sent to make alone reaches the demo (see the Makefile).
      const makeSaid = demo.output().replace(/^make: \*\*\* Deleting file '[^']*demo-is-running'$/m, '');
      assert.doesNotMatch(makeSaid, /make: \*\*\*/);
      assert.equal(demo.output().match(/^demo stopped$/gm)?.length, 1);
      assert.equal(groupAlive(group), false, 'a process of the demo still runs');
      assert.equal(await isListening(sitePort), false, `the site still listens on ${sitePort}`);
      assert.equal(await isListening(emulatorPort), false, `the emulator still listens on ${emulatorPort}`);
    } catch (error) {
      error.message += `\n--- the page:\n${consoleLines.join('\n')}\n--- make demo:\n${demo.output().slice(-5000)}`;
      throw error;
    }
  },
);
