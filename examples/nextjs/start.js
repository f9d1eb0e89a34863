'use strict';

// Starts the built site (`next build` first) with `next start` on 127.0.0.1,
// after checking its settings, and prints `example site on <URL>` once it
// answers. Ctrl-C or SIGTERM stops it.
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

const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { ChatAutologinError } = require('chat-autologin');
const { createChatAutologin } = require('chat-autologin/fetch');

const HOST = '127.0.0.1';

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
// The site makes its handler on the first request; the same call here makes a
// secret the chat would refuse stop the site now rather than then.
try {
  createChatAutologin({ secret, getUser: () => null });
} catch (error) {
  if (!(error instanceof ChatAutologinError)) throw error;
  fail(`CHAT_AUTOLOGIN_SECRET: ${error.message} (${error.code})`);
}
const port = process.env.PORT || '5000';
if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
  fail(`PORT must be a port number, not ${JSON.stringify(port)}`);
}
if (!existsSync(path.join(__dirname, '.next', 'BUILD_ID'))) {
  fail('the site is not built: run `npm run build` in examples/nextjs first');
}

/** `port`, or a port of 127.0.0.1 that is free now when it is 0. */
function portToUse(wanted) {
  if (wanted !== 0) return Promise.resolve(wanted);
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const free = probe.address().port;
      probe.close(() => resolve(free));
    });
  });
}

/** Resolves once something accepts connections on HOST:`at`. */
function listening(at) {
  return new Promise((resolve) => {
    const attempt = () => {
      const socket = net.connect({ host: HOST, port: at });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => setTimeout(attempt, 100));
    };
    attempt();
  });
}

portToUse(Number(port)).then((chosen) => {
  const next = spawn(
    process.execPath,
    [require.resolve('next/dist/bin/next'), 'start', '--hostname', HOST, '--port', String(chosen)],
    {
      cwd: __dirname,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      // Next.js's own start-up lines would come before ours: only its errors are shown.
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  let stopping = false;
  next.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(
        `error: next start stopped (${signal || code}); is ${HOST}:${chosen} free? Set PORT to another port`,
      );
    }
    process.exit(stopping ? 0 : 1);
  });
  listening(chosen).then(() => {
    if (next.exitCode === null) console.log(`example site on http://${HOST}:${chosen}/`);
  });
  // Ctrl-C or SIGTERM: stop Next.js, then exit.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stopping = true;
      next.kill('SIGTERM');
    });
  }
});
