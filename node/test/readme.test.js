'use strict';

// Every ```js example in README.md runs as written, and prints what its
// comments say it prints.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { test } = require('node:test');

const PACKAGE = join(__dirname, '..');
const README = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
const examples = [...README.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);

/** The output a block promises: the `// …` comments that end console.log lines. */
function promised(code) {
  return code
    .split('\n')
    .filter((line) => line.trim().startsWith('console.log('))
    .map((line) => line.match(/\/\/ (.*)$/))
    .filter(Boolean)
    .map((match) => match[1]);
}

test('README.md has examples', () => {
  assert.ok(examples.length >= 5, `${examples.length} examples`);
});

examples.forEach((code, index) => {
  const first = code.split('\n').find((line) => line.trim() && !line.startsWith('//'));
  test(`README example ${index + 1}: ${first}`, () => {
    const out = execFileSync(process.execPath, ['-e', code], {
      cwd: PACKAGE,
      encoding: 'utf8',
      env: { ...process.env, CHAT_AUTOLOGIN_SECRET: 'readme-example-secret-'.repeat(4) },
    });
    assert.deepEqual(out.trim().split('\n').filter(Boolean), promised(code));
  });
});
