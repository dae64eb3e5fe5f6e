import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../infra/repo-root';
import { applications, entryFileOf } from './app-variables';

// docker/entrypoint.sh is run with sh against a fake image: a root holding the script where the
// Dockerfile puts it and a dist/ laid out as `nest build` lays it out, one fake main.js per app that
// reports what ran it. Docker itself cannot run here.

const ENTRYPOINT = join(repoRoot, 'docker', 'entrypoint.sh');
const DOCKERFILE = readFileSync(join(repoRoot, 'docker', 'Dockerfile'), 'utf8');

/**
 * A main.js that says which file ran, with which arguments, where and as which process; with
 * --wait, it runs until SIGTERM (its handler set before it reports, so a signal sent on the report
 * finds it).
 */
const FAKE_MAIN = `
if (process.argv.includes('--wait')) {
  process.on('SIGTERM', () => { process.stdout.write('closed on SIGTERM\\n'); process.exit(0); });
  setInterval(() => undefined, 1000);
}
process.stdout.write(JSON.stringify({ main: __filename, argv: process.argv.slice(2), cwd: process.cwd(), pid: process.pid }) + '\\n');
`;

interface Report {
  main: string;
  argv: string[];
  cwd: string;
  pid: number;
}

let root: string;

function fakeImage(apps: readonly string[]): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'handover-image-')));
  mkdirSync(join(dir, 'docker'));
  copyFileSync(ENTRYPOINT, join(dir, 'docker', 'entrypoint.sh'));
  for (const app of apps) {
    const main = join(dir, entryFileOf(app, true));
    mkdirSync(dirname(main), { recursive: true });
    writeFileSync(main, FAKE_MAIN);
  }
  return dir;
}

/** The environment of a container: node on the PATH, nothing of this test's own. */
const containerEnv = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };

function run(args: string[], image = root): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', [join(image, 'docker', 'entrypoint.sh'), ...args], {
    cwd: tmpdir(),
    env: containerEnv,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) {
        resolve(output.split('\n')[0]);
      }
    });
    child.once('exit', () => reject(new Error(`exited before printing: ${output}`)));
  });
}

beforeAll(() => {
  root = fakeImage(applications());
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('docker/entrypoint.sh', () => {
  it.each(applications())('should run the main.js nest build made for %s, from the image root', (app) => {
    const { status, stdout } = run([app, '--inspect-nothing', 'x y']);

    expect(status).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.main).toBe(join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js'));
    // Apps read runtime files by relative paths (BOT_RULES_FILE, SIMULATOR_SCENARIO).
    expect(report.cwd).toBe(root);
    expect(report.argv).toEqual(['--inspect-nothing', 'x y']);
  });

  it.each([['nope'], ['../gateway'], ['gateway handover'], ['*'], ['GATEWAY']])(
    'should refuse the unknown app %j, listing every app, and run nothing',
    (name) => {
      const { status, stdout, stderr } = run([name]);

      expect(status).toBe(64);
      expect(stdout).toBe('');
      expect(stderr).toContain(`unknown app '${name}'`);
      for (const app of applications()) {
        expect(stderr).toContain(app);
      }
    },
  );

  it('should ask for an app when none is named', () => {
    const { status, stdout, stderr } = run([]);

    expect(status).toBe(64);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/name the app to run, one of: gateway, /);
  });

  it('should say so when the image lacks the app it names', () => {
    const partial = fakeImage(['gateway']);
    try {
      const { status, stderr } = run(['handover'], partial);

      expect(status).toBe(1);
      expect(stderr).toContain('handover is not built in this image');
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  });

  it('should hand its process to node, so SIGTERM reaches the app and it closes gracefully', async () => {
    const child = spawn('sh', [join(root, 'docker', 'entrypoint.sh'), 'gateway', '--wait'], {
      env: containerEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const report = JSON.parse(await firstLine(child)) as Report;
      // exec: node replaced the shell, it is the process Docker or Kubernetes signals.
      expect(report.pid).toBe(child.pid);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));

      child.kill('SIGTERM');

      expect(await exited).toBe(0);
      expect(output).toContain('closed on SIGTERM');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/** The instructions of the Dockerfile's last stage (the image), continuation lines joined. */
function finalStage(): string[] {
  const lines = DOCKERFILE.replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const from = lines.map((line, index) => (line.startsWith('FROM ') ? index : -1)).filter((i) => i >= 0);
  return lines.slice(from[from.length - 1]);
}

describe('docker/Dockerfile', () => {
  it('should build every app in one build', () => {
    const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };

    expect(DOCKERFILE).toMatch(/RUN npm run build\b/);
    for (const app of applications()) {
      expect(scripts.build).toMatch(new RegExp(`nest build ${app}( |$)`));
    }
  });

  it('should run the entrypoint from where it copies it, as the image root the apps run from', () => {
    const stage = finalStage();

    expect(stage).toContain('WORKDIR /app');
    expect(stage).toContain('COPY docker/entrypoint.sh ./docker/entrypoint.sh');
    expect(stage).toContain('COPY --from=build /app/dist ./dist');
    expect(stage).toContain('ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]');
    expect(stage.some((line) => line.startsWith('CMD'))).toBe(false);
  });

  it('should run as a numeric non-root user, which Kubernetes can check', () => {
    const users = finalStage().filter((line) => line.startsWith('USER '));

    expect(users).toHaveLength(1);
    const [uid] = users[0].slice('USER '.length).split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
  });

  it('should keep every runtime file the apps read by path', () => {
    // apps/<app>/<dir> other than sources, migrations (compiled in) and tests: read at runtime.
    const runtimeDirs = applications().flatMap((app) =>
      readdirSync(join(repoRoot, 'apps', app))
        .filter((entry) => statSync(join(repoRoot, 'apps', app, entry)).isDirectory())
        .filter((entry) => !['src', 'migrations', 'test'].includes(entry)),
    );

    expect(runtimeDirs).toEqual(expect.arrayContaining(['config', 'scenarios']));
    for (const dir of new Set(runtimeDirs)) {
      expect(DOCKERFILE).toContain(`apps/*/${dir}`);
    }
    expect(finalStage()).toContain('COPY --from=build /runtime-files/ ./');
  });
});
