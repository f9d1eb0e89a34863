'use strict';

// Every ```js example in README.md runs as written, and prints what its
// comments say it prints; so do the Node examples of the repository's README
// (those that require the package: the others run in a browser).

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { test } = require('node:test');

const PACKAGE = join(__dirname, '..');
const README = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
const TOP_README = readFileSync(join(PACKAGE, '..', 'README.md'), 'utf8');
const blocks = (text) => [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
const examples = blocks(README);
const topExamples = blocks(TOP_README).filter((code) => code.includes("require('chat-autologin"));

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

test("the repository's README has a Node example", () => {
  assert.equal(topExamples.length, 1);
});

topExamples.forEach((code, index) => {
  test(`the repository's README, Node example ${index + 1}`, () => {
    // It runs to its end: an Express app that is set up but never listens.
    const out = execFileSync(process.execPath, ['-e', `${code}\nconsole.log('ran to the end');`], {
      cwd: PACKAGE,
      encoding: 'utf8',
      env: { ...process.env, CHAT_AUTOLOGIN_SECRET: 'readme-example-secret-'.repeat(4) },
    });
    assert.equal(out.trim(), 'ran to the end');
  });
});
