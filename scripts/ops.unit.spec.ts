import { OpsUsageError, parseOpsArgs } from './ops/ops.args';
import { redact, secretsOf } from './ops/ops.env';
import { runOps } from './ops/ops.main';

/** Runs the CLI as `npm run ops -- …` would, capturing what it prints. */
async function ops(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runOps(argv, env, {
    out: (text) => (out += text),
    err: (text) => (err += text),
  });
  return { code, out, err };
}

describe('npm run ops', () => {
  describe(parseOpsArgs.name, () => {
    it('should read an effects list with its filters, in the app schema', () => {
      const command = parseOpsArgs([
        'bot-responder',
        'effects',
        'list',
        '--thread',
        't-1',
        '--kind',
        'post_reply',
        '--since',
        '2026-12-01T00:00:00Z',
        '--until',
        '2026-12-02',
        '--limit',
        '10',
        '--json',
      ]);

      expect(command).toEqual({
        kind: 'effects list',
        app: 'bot-responder',
        schema: 'bot_responder',
        json: true,
        filter: {
          threadId: 't-1',
          kind: 'post_reply',
          since: new Date('2026-12-01T00:00:00Z'),
          until: new Date('2026-12-02T00:00:00Z'),
          limit: 10,
        },
      });
    });

    it('should read a parked retry with its key and reason, in the schema given', () => {
      const command = parseOpsArgs([
        'handover',
        'parked',
        'retry',
        'handover/engage.events.v1/3/42',
        '--reason',
        'contract fixed',
        '--schema',
        'handover_blue',
      ]);

      expect(command).toEqual({
        kind: 'parked retry',
        app: 'handover',
        schema: 'handover_blue',
        json: false,
        id: 'handover/engage.events.v1/3/42',
        reason: 'contract fixed',
      });
    });

    it('should list 50 open parked records when no filter is given', () => {
      expect(parseOpsArgs(['intervention-stats', 'parked', 'list'])).toMatchObject({
        schema: 'intervention_stats',
        filter: { limit: 50 },
      });
    });

    it.each([
      [['nobody', 'effects', 'list'], /Unknown app "nobody"/],
      [['handover', 'effects', 'retry', 'reply:1'], /needs --reason/],
      [['handover', 'effects', 'retry', 'reply:1', '--reason', '  '], /needs --reason/],
      [['handover', 'effects', 'show'], /needs the effect id/],
      [['handover', 'effects', 'list', '--reason', 'x'], /takes no --reason/],
      [['handover', 'effects', 'list', '--since', 'yesterday'], /--since must be an ISO 8601 time/],
      [['handover', 'effects', 'list', '--limit', '0'], /--limit must be a whole number/],
      [['handover', 'effects', 'list', '--colour'], /Unknown option '--colour'/],
      [['handover', 'effects', 'delete', 'x'], /Unknown command "effects delete"/],
      [['handover', 'parked', 'list', 'extra'], /unexpected argument "extra"/],
    ])('should refuse %j', (argv, message) => {
      expect(() => parseOpsArgs(argv)).toThrow(OpsUsageError);
      expect(() => parseOpsArgs(argv)).toThrow(message);
    });
  });

  describe(runOps.name, () => {
    it('should exit 1 naming the apps when the app is unknown', async () => {
      const { code, err, out } = await ops(['nobody', 'effects', 'list'], { DATABASE_URL: 'postgres://x/y' });

      expect(code).toBe(1);
      expect(err).toContain('ops: Unknown app "nobody": one of bot-responder, handover');
      expect(out).toBe('');
    });

    it('should exit 1 before touching the database when --reason is missing', async () => {
      const { code, err } = await ops(['bot-responder', 'effects', 'discard', 'reply:1']);

      expect(code).toBe(1);
      expect(err).toContain('effects discard needs --reason');
    });

    it('should exit 1 naming DATABASE_URL, never its value, when it is not a postgres URL', async () => {
      const { code, err } = await ops(['bot-responder', 'effects', 'list'], {
        DATABASE_URL: 'mysql://ops:s3cret-pw@db/app',
      });

      expect(code).toBe(1);
      expect(err).toContain('DATABASE_URL');
      expect(err).not.toContain('s3cret-pw');
    });

    it('should print the usage and exit 0 with --help', async () => {
      const { code, out } = await ops(['--help']);

      expect(code).toBe(0);
      expect(out).toContain('effects retry <id> --reason');
    });
  });

  describe(redact.name, () => {
    it('should hide the database URL and its password wherever a message quotes them', () => {
      const env = { DATABASE_URL: 'postgres://ops:p%40ss-word@db:5432/app' };

      const text = redact(
        'connect to postgres://ops:p%40ss-word@db:5432/app failed for p@ss-word',
        secretsOf(env),
      );

      expect(text).toBe('connect to *** failed for ***');
    });
  });
});
