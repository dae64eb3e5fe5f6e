// Runs before dependencies exist (fresh clone), so: plain Node, no packages. Installs them only when
// node_modules is missing or older than package-lock.json. With --chromium (the test run), also installs
// Debian's Chromium at /usr/bin/chromium when it is missing: the browser tests drive it with
// playwright-core, which never downloads a browser of its own. Talks on stderr; stdout belongs to the
// command that follows (e.g. `infra:up` prints variables for `eval`).
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const lockFile = join(root, 'package-lock.json');
const installedLock = join(root, 'node_modules', '.package-lock.json');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_HOWTO = 'as root: apt-get update && apt-get install -y --no-install-recommends chromium';

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

function aptGet(args) {
  process.stderr.write(`apt-get ${args.join(' ')}\n`);
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** Idempotent: nothing to do when the browser is there; a missing or stale package list gets `apt-get update`. */
function ensureChromium() {
  if (existsSync(CHROMIUM)) {
    return;
  }
  const fail = (why) => {
    process.stderr.write(`${CHROMIUM} is missing and ${why}.\nInstall it ${CHROMIUM_HOWTO}\n`);
    process.exit(1);
  };
  if (process.platform !== 'linux' || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    fail('apt-get is not available here (the browser tests expect Debian or Ubuntu)');
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    fail('installing it needs root');
  }
  process.stderr.write(`${CHROMIUM} is missing: installing Debian's chromium package\n`);
  const install = ['install', '-y', '--no-install-recommends', 'chromium'];
  const known = spawnSync('apt-cache', ['show', 'chromium'], { stdio: 'ignore' }).status === 0;
  const installed = known
    ? aptGet(install) || (aptGet(['update']) && aptGet(install))
    : aptGet(['update']) && aptGet(install);
  if (!installed) {
    fail('apt-get could not install it');
  }
  if (!existsSync(CHROMIUM)) {
    fail(`the chromium package did not provide it`);
  }
}

if (process.argv.includes('--chromium')) {
  ensureChromium();
}
