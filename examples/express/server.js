'use strict';

// An example site on Express: sign in with any email and name (no password, it
// is a demo), and the chat widget on the page logs you in with a token from
// `chat-autologin/express`. Sign out logs the widget out too.
//
// Configuration, from the environment:
//
// | variable                 | default                                               |
// |--------------------------|-------------------------------------------------------|
// | `CHAT_AUTOLOGIN_SECRET`  | required: the service desk project's secret key       |
// | `CHAT_WIDGET_SCRIPT_URL` | `http://127.0.0.1:8787/chat-widget.js` (the emulator) |
// | `CHAT_JIRA_ID`           | `emulator`                                            |
// | `CHAT_SERVICE_DESK_ID`   | `1`                                                   |
// | `PORT`                   | `5000` (`0` picks a free one)                         |

const crypto = require('node:crypto');
const express = require('express');
const { ChatAutologinError, mintChatToken } = require('chat-autologin');
const { chatAutologin } = require('chat-autologin/express');
const page = require('./page.js');

/** The cookie that holds the session id. */
const SESSION_COOKIE = 'example_session';
const COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'lax' };

function env(name, fallback) {
  return process.env[name] || fallback;
}

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

const secret = process.env.CHAT_AUTOLOGIN_SECRET;
if (!secret) {
  fail(
    "CHAT_AUTOLOGIN_SECRET is not set: set it to the service desk project's secret key " +
      '(for the emulator, the secret it was started with)',
  );
}
const port = env('PORT', '5000');
if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
  fail(`PORT must be a port number, not ${JSON.stringify(port)}`);
}

// The sessions, in memory (a restart signs everybody out): session id -> { email, name }.
const sessions = new Map();

function sessionId(req) {
  for (const cookie of (req.headers.cookie || '').split(';')) {
    const [name, value] = cookie.trim().split('=', 2);
    if (name === SESSION_COOKIE) return value;
  }
  return undefined;
}

const app = express();
app.use(express.urlencoded({ extended: false }));

// req.user: the visitor of the request's session cookie, or undefined.
app.use((req, res, next) => {
  req.user = sessions.get(sessionId(req));
  next();
});

// GET /chat-autologin/token and /chat-autologin/client.js, and
// res.locals.chatAutologinScript() for the pages. Throws for a secret the chat
// would refuse.
try {
  app.use(chatAutologin({ secret, getUser: (req) => req.user || null }));
} catch (error) {
  if (!(error instanceof ChatAutologinError)) throw error;
  fail(`CHAT_AUTOLOGIN_SECRET: ${error.message} (${error.code})`);
}

function widget(res) {
  return {
    scriptUrl: env('CHAT_WIDGET_SCRIPT_URL', 'http://127.0.0.1:8787/chat-widget.js'),
    jiraId: env('CHAT_JIRA_ID', 'emulator'),
    serviceDeskId: env('CHAT_SERVICE_DESK_ID', '1'),
    companion: res.locals.chatAutologinScript(),
  };
}

app.get('/', (req, res) => {
  res.send(page.home(widget(res), req.user));
});

app.post('/sign-in', (req, res) => {
  const email = String(req.body?.email ?? '').trim();
  const name = String(req.body?.name ?? '').trim();
  // The rules the chat's tokens follow, checked here (with a token that is
  // thrown away) so that the form can say so.
  try {
    mintChatToken(email, name, 60, secret);
  } catch (error) {
    if (!(error instanceof ChatAutologinError)) throw error;
    return res.status(400).send(page.home(widget(res), undefined, error.message));
  }
  const id = crypto.randomBytes(32).toString('hex');
  sessions.set(id, { email, name });
  res.cookie(SESSION_COOKIE, id, COOKIE_OPTIONS);
  res.redirect(303, '/');
});

// Ends the session. The page has already logged the widget out
// (window.chatAutologin.logout()) before posting here.
app.post('/sign-out', (req, res) => {
  sessions.delete(sessionId(req));
  res.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
  res.redirect(303, '/');
});

const server = app.listen(Number(port), '127.0.0.1', () => {
  console.log(`example site on http://127.0.0.1:${server.address().port}/`);
});
server.on('error', (error) => {
  fail(`cannot listen on 127.0.0.1:${port}: ${error.message}; set PORT to another port`);
});

// Ctrl-C or SIGTERM: stop listening, close the open connections, and exit.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
  });
}
