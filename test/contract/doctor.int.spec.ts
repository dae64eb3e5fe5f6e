import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { WALKTHROUGH as W } from '../../apps/engage-simulator/src/platform/platform-seed';
import {
  BOT_TOKEN,
  type RunningSimulator,
  startSimulator,
} from '../../apps/engage-simulator/test/simulator.harness';
import { runDoctor } from '../../scripts/doctor/doctor.main';
import { ALL_TOPICS } from '@handover/contracts';
import { provisionTopics } from '@handover/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { createTestDatabase, type TestDatabase, testKafkaBrokers } from '../infra';
import { repoRoot } from '../infra/repo-root';
import {
  type RunningGateway,
  TEST_VERIFY_TOKEN,
  TEST_WEBHOOK_SECRET,
  startGateway,
} from '../support/gateway-harness';

const SECRETS = [BOT_TOKEN, TEST_VERIFY_TOKEN, TEST_WEBHOOK_SECRET];

/** `npm run doctor` against the engage-simulator (walkthrough seed) and a real gateway on real Kafka. */
describe('doctor against the engage-simulator and the gateway', () => {
  let simulator: RunningSimulator;
  let gateway: RunningGateway;
  let database: TestDatabase;
  let good: Record<string, string>;

  beforeAll(async () => {
    simulator = await startSimulator();
    gateway = await startGateway(testKafkaBrokers());
    database = await createTestDatabase();
    // As the apps leave a cluster once each has started: every topic they use exists.
    const admin = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await provisionTopics(admin, ALL_TOPICS).finally(() => admin.disconnect());
    good = {
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      DATABASE_URL: database.url,
      ENGAGE_BASE_URL: `${await simulator.app.getUrl()}/1.0`,
      ENGAGE_API_TOKEN: BOT_TOKEN,
      ENGAGE_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
      ENGAGE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      BOT_CATEGORY_ID: W.botCategoryId,
      AGENT_CATEGORY_ID: W.agentCategoryId,
      AGENT_TEAM_ID: W.agentTeamId,
      BOT_USER_ID: W.botUserId,
      HANDOVER_REALTIME_SOURCE_IDS: W.sourceId,
      AVAILABILITY_SOURCE_IDS: W.sourceId,
      DOCTOR_WEBHOOK_URL: `${gateway.url}/webhooks/engage`,
    };
  });

  afterAll(async () => {
    await database?.drop();
    await gateway?.close();
    await simulator?.app.close();
  });

  /** The report's line for `title`: `STATUS  title  sentence`. */
  function line(report: string, title: string): string {
    const found = report.split('\n').find((l) => new RegExp(`^[A-Z]{4}  ${title}\\s`).test(l));
    if (!found) {
      throw new Error(`no line for ${title} in:\n${report}`);
    }
    return found;
  }

  function expectNoSecret(report: string): void {
    for (const secret of SECRETS) {
      expect(report).not.toContain(secret);
    }
  }

  /** The CLI itself, as `npm run doctor` runs it, with only PATH and `env`. */
  async function cli(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/doctor.ts'],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, stdout };
  }

  it('should pass every check of a correct configuration, and the CLI should exit 0', async () => {
    const { code, stdout } = await cli(good);

    expect({ code, stdout }).toMatchObject({ code: 0 });
    expect(stdout.split('\n').filter((l) => /^(FAIL|WARN|SKIP) /.test(l))).toEqual([]);
    expect(line(stdout, 'configuration')).toMatch(/^PASS /);
    expect(line(stdout, 'API token')).toMatch(/^PASS /);
    expect(line(stdout, 'Kafka')).toContain(
      'Kafka answers over PLAINTEXT and holds every topic the apps use.',
    );
    expect(line(stdout, 'Postgres')).toMatch(/^PASS .*Postgres \S+ answers/);
    expect(line(stdout, 'bot engine')).toMatch(/^PASS .*bot-rules\.yaml load/);
    expect(line(stdout, 'BOT category')).toContain('BOT_CATEGORY_ID is the category "BOT".');
    expect(line(stdout, 'AGENT category')).toContain('AGENT_CATEGORY_ID is the category "AGENT".');
    expect(line(stdout, `source ${W.sourceId}`)).toContain(
      'Source "Dimelo Chat" (chat) exists and is active.',
    );
    expect(line(stdout, 'agents')).toContain('4 enabled users can take handovers');
    expect(line(stdout, 'webhook handshake')).toMatch(/^PASS .* answers the handshake with the challenge\.$/);
    expect(line(stdout, 'webhook secret')).toMatch(/^PASS /);
    expect(stdout).toContain('12 PASS: the configuration works with this platform.');
    expectNoSecret(stdout);
  }, 60_000);

  it('should fail a wrong token with its sentence, and the CLI should exit 1', async () => {
    const { code, stdout } = await cli({ ...good, ENGAGE_API_TOKEN: 'wrong-token' });

    expect(code).toBe(1);
    expect(line(stdout, 'API token')).toMatch(/^FAIL .*The API token is refused \(HTTP 401\)\.$/);
    expect(line(stdout, 'categories, sources, agents')).toMatch(/^SKIP /);
    expect(line(stdout, 'webhook handshake')).toMatch(/^PASS /);
    expectNoSecret(stdout);
    expect(stdout).not.toContain('wrong-token');
  }, 60_000);

  it('should fail an unknown AGENT category and name the real one', async () => {
    const unknown = '5be59e1f13047d026b6ca8a0';

    const { exitCode, report } = await runDoctor({ ...good, AGENT_CATEGORY_ID: unknown });

    expect(exitCode).toBe(1);
    expect(line(report, 'AGENT category')).toMatch(
      new RegExp(`^FAIL .*AGENT_CATEGORY_ID=${unknown} is not a category of this RCED account\\.$`),
    );
    expect(report).toContain(`A category named "AGENT" has id ${W.agentCategoryId}`);
    expect(line(report, 'BOT category')).toMatch(/^PASS /);
    expectNoSecret(report);
  });

  it('should fail an unknown source, naming its list, and check the others', async () => {
    const unknown = '5be1c0b4e20311250379c1ff';

    const { exitCode, report } = await runDoctor({
      ...good,
      AVAILABILITY_SOURCE_IDS: `${W.sourceId},${unknown}`,
    });

    expect(exitCode).toBe(1);
    expect(line(report, `source ${unknown}`)).toMatch(
      new RegExp(
        `^FAIL .*Source ${unknown} in AVAILABILITY_SOURCE_IDS does not exist on this RCED account\\.$`,
      ),
    );
    expect(line(report, `source ${W.sourceId}`)).toMatch(/^PASS /);
    expectNoSecret(report);
  });

  it('should fail a verify token the gateway does not hold, without printing either', async () => {
    const { exitCode, report } = await runDoctor({ ...good, ENGAGE_VERIFY_TOKEN: 'another-verify-token' });

    expect(exitCode).toBe(1);
    expect(line(report, 'webhook handshake')).toMatch(
      /^FAIL .* refused the verify token \(403\): the gateway's ENGAGE_VERIFY_TOKEN is not this one\.$/,
    );
    expect(report).not.toContain('another-verify-token');
    expectNoSecret(report);
  });

  it('should fail a webhook URL with no gateway behind it', async () => {
    const { exitCode, report } = await runDoctor({
      ...good,
      DOCTOR_WEBHOOK_URL: `${gateway.url}/webhooks/elsewhere`,
    });

    expect(exitCode).toBe(1);
    expect(line(report, 'webhook handshake')).toMatch(
      /^FAIL .*answered 404: there is no webhook at this path\.$/,
    );
  });

  it('should warn when the realtime source does not give new threads the BOT category', async () => {
    const { exitCode, report } = await runDoctor({ ...good, BOT_CATEGORY_ID: W.otherCategoryId });

    expect(exitCode).toBe(0);
    expect(line(report, `source ${W.sourceId}`)).toMatch(/^WARN .*default categories do not include BOT/);
  });
});
