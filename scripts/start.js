#!/usr/bin/env node
// `npm start` on a fresh clone: install what is missing, then run the stack in the foreground
// (scripts/start-stack.ts). Plain JavaScript because it runs before node_modules exists.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const setup = spawnSync(process.execPath, [join(__dirname, 'ensure-setup.js')], {
  cwd: root,
  stdio: 'inherit',
});
if (setup.status !== 0) {
  process.exit(setup.status ?? 1);
}
const stack = spawnSync(
  process.execPath,
  ['-r', 'ts-node/register/transpile-only', join(__dirname, 'start-stack.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(stack.status ?? 0);
