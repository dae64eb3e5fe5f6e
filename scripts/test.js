#!/usr/bin/env node
// `npm test`: installs what is missing (packages, and Debian's Chromium for the browser tests), then
// lint, dependency rules (.dependency-cruiser.js), format check, type check, the migration drift check
// (Postgres at DATABASE_URL, default 127.0.0.1:5432), a production build, and the unit, integration and
// end-to-end tiers in one Jest run on real Kafka and Postgres (started once by test/infra/global-setup.ts).
// Ends with a one-line summary of the test count.
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const results = join(root, 'test-artifacts', 'jest-results.json');
/** ts-node with the @handover/* aliases of tsconfig.json. */
const withPaths = ['-T', '-r', 'tsconfig-paths/register'];

function step(title, command, args, env = {}) {
  process.stderr.write(`\n▶ ${title}\n`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    process.stderr.write(`✖ ${title} failed after ${seconds}s\n`);
    return false;
  }
  process.stderr.write(`✔ ${title} (${seconds}s)\n`);
  return true;
}

/** Every app declared in nest-cli.json: each must build as production builds it. */
function applications() {
  const { projects } = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
  return Object.entries(projects)
    .filter(([, project]) => project.type === 'application')
    .map(([name]) => name);
}

function summarize() {
  try {
    const report = JSON.parse(readFileSync(results, 'utf8'));
    // A suite that fails to load runs no test: count it as a failure, or the line would hide it.
    const failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
    console.log(`jest: ${report.numPassedTests} passed, ${failed} failed`);
  } catch {
    console.log('jest: 0 passed, 1 failed');
  }
}

mkdirSync(join(root, 'test-artifacts'), { recursive: true });
const ok =
  step('install', process.execPath, [join(__dirname, 'ensure-setup.js'), '--chromium']) &&
  step('lint', bin('eslint'), ['.', '--max-warnings', '0']) &&
  step('dependency rules', bin('depcruise'), ['apps', 'libs', '--config', '.dependency-cruiser.js']) &&
  step('format', bin('prettier'), ['--check', '.', '--log-level', 'warn']) &&
  step('type check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']) &&
  step('migration drift', bin('ts-node'), [...withPaths, 'scripts/migration-drift.ts']) &&
  applications().every((app) => step(`build ${app}`, bin('nest'), ['build', app]));

if (!ok) {
  process.exit(1);
}
const tested = step('unit, integration and end-to-end tests', bin('jest'), [
  '--ci',
  '--json',
  `--outputFile=${results}`,
  ...process.argv.slice(2),
]);
summarize();
process.exit(tested ? 0 : 1);
