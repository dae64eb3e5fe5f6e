import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import { BOT_TOKEN, type RunningSimulator, startSimulator } from './simulator.harness';

describe('engage-simulator fault injection', () => {
  let simulator: RunningSimulator;

  beforeEach(async () => {
    simulator = await startSimulator();
  });

  afterEach(async () => {
    await simulator.app.close();
  });

  const setFault = (rule: Record<string, unknown>): ReturnType<RunningSimulator['request']> =>
    simulator.request('PUT', '/_control/faults', { json: rule });
  const status = (): ReturnType<RunningSimulator['request']> =>
    simulator.request('GET', '/1.0/status', { token: BOT_TOKEN });

  async function openInterventionOnNewThread(): Promise<{ id: string; thread_id: string }> {
    const message = await simulator.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId, body: 'Bonjour' },
    });
    await simulator.request('POST', '/1.0/interventions', {
      token: BOT_TOKEN,
      form: `content_id=${message.body.id}`,
    });
    return message.body;
  }

  it('should answer the configured error for the configured number of calls, then recover', async () => {
    await setFault({ endpoint: 'GET /status', error_rate: 1, error_status: 503, remaining: 2 });

    const answers = [await status(), await status(), await status()];

    expect(answers.map((answer) => answer.status)).toEqual([503, 503, 200]);
    expect(answers[0].body).toMatchObject({ error: 'simulated_fault', status: 503 });
  });

  it('should answer a burst of 429s with Retry-After', async () => {
    await setFault({ endpoint: '*', rate_limit_burst: 2 });

    const answers = [await status(), await status(), await status()];

    expect(answers.map((answer) => answer.status)).toEqual([429, 429, 200]);
    expect(answers[0].headers.get('retry-after')).toBe('1');
    expect(answers[0].body).toMatchObject({ error: 'rate_limit_exceeded' });
  });

  it('should add latency', async () => {
    await setFault({ endpoint: 'GET /status', latency_ms: 300 });

    const started = Date.now();
    expect((await status()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('should never answer a hanging endpoint, so the caller times out', async () => {
    await setFault({ endpoint: 'GET /status', hang: true });
    const url = `${await simulator.app.getUrl()}/1.0/status`;

    const outcome = await fetch(url, {
      headers: { authorization: `Bearer ${BOT_TOKEN}` },
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name);

    expect(outcome).toBe('TimeoutError');
  });

  it('should apply a reply and then drop the connection, leaving the caller unsure', async () => {
    const message = await openInterventionOnNewThread();
    await setFault({ endpoint: 'POST /contents', drop_after_write: true, remaining: 1 });

    const outcome = await simulator
      .request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        form: `in_reply_to_id=${message.id}&body=Posted%20once`,
      })
      .then(
        () => 'answered',
        () => 'connection dropped',
      );
    const contents = await simulator.request('GET', `/1.0/contents?q=thread:${message.thread_id}`, {
      token: BOT_TOKEN,
    });

    expect(outcome).toBe('connection dropped');
    expect(contents.body.records.map((content) => content.body)).toContain('Posted once');
  });

  it('should refuse an invalid rule with a 400 naming the field, and clear all rules', async () => {
    const refused = await setFault({ endpoint: 'GET /status', error_rate: 2 });
    await setFault({ endpoint: 'GET /status', error_rate: 1 });
    const cleared = await simulator.request('DELETE', '/_control/faults');

    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('error_rate');
    expect(cleared.status).toBe(204);
    expect((await status()).status).toBe(200);
  });
});
