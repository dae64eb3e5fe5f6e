// Runs before dependencies exist (fresh clone), so: plain Node, no packages. Installs them only when
// node_modules is missing or older than package-lock.json. Talks on stderr; stdout belongs to the
// command that follows (e.g. `infra:up` prints variables for `eval`).
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const lockFile = join(root, 'package-lock.json');
const installedLock = join(root, 'node_modules', '.package-lock.json');

function reasonToInstall() {
  if (!existsSync(join(root, 'node_modules'))) {
    return 'node_modules is missing';
  }
  if (!existsSync(installedLock)) {
    return 'node_modules/.package-lock.json is missing';
  }
  if (existsSync(lockFile) && statSync(lockFile).mtimeMs > statSync(installedLock).mtimeMs) {
    return 'package-lock.json is newer than node_modules';
  }
  return undefined;
}

const reason = reasonToInstall();
if (reason) {
  process.stderr.write(`${reason}: running npm ci\n`);
  const windows = process.platform === 'win32';
  const result = spawnSync(windows ? 'npm.cmd' : 'npm', ['ci'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
    shell: windows,
  });
  if (result.status !== 0) {
    process.stderr.write(`npm ci failed${result.error ? `: ${result.error.message}` : ''}\n`);
    process.exit(result.status ?? 1);
  }
}
