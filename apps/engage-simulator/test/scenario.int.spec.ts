import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '../../../test/infra';
import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import { type RunningSimulator, startSimulator } from './simulator.harness';

describe('engage-simulator scenarios', () => {
  let dir: string;
  let simulator: RunningSimulator | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scenario-'));
  });

  afterEach(async () => {
    await simulator?.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function scenarioFile(lines: string[]): string {
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, lines.join('\n'));
    return file;
  }

  it('should play customers and an agent over time, and play again when it repeats', async () => {
    const file = scenarioFile([
      'name: short',
      'repeat_every_ms: 300',
      'steps:',
      `  - { at_ms: 0, action: customer_writes, customer: ana, source_id: ${W.sourceId}, says: "Bonjour" }`,
      `  - { at_ms: 20, action: agent_replies, customer: ana, agent_id: ${W.agentUserId}, says: "Bonjour Ana" }`,
      `  - { at_ms: 40, action: agent_closes, customer: ana, agent_id: ${W.agentUserId} }`,
    ]);
    simulator = await startSimulator({ SIMULATOR_SCENARIO: file });

    const events = await pollUntil(async () => {
      const answer = await simulator!.request('GET', '/_control/events');
      const closed = answer.body as unknown as Array<{
        type: string;
        resource: { metadata: { thread_id: string } };
      }>;
      return closed.filter((event) => event.type === 'intervention.closed').length >= 2 && closed;
    });

    const firstThread = events[0].resource.metadata.thread_id;
    expect(events.filter((e) => e.resource.metadata.thread_id === firstThread).map((e) => e.type)).toEqual([
      'content.imported',
      'intervention.opened',
      'content.replied',
      'content.exported',
      'intervention.closed',
    ]);
    expect(new Set(events.map((e) => e.resource.metadata.thread_id)).size).toBeGreaterThanOrEqual(2);
  });

  it('should play a welcome message, a recategorization and a reopening by agents', async () => {
    const file = scenarioFile([
      'name: console',
      'steps:',
      `  - { at_ms: 0, action: source_imports, customer: eve, source_id: ${W.sourceId}, kind: welcome_message, says: "Bienvenue" }`,
      `  - { at_ms: 10, action: customer_writes, customer: eve, says: "Un humain" }`,
      `  - { at_ms: 20, action: agent_replies, customer: eve, agent_id: ${W.agentUserId}, says: "Bonjour Eve" }`,
      `  - { at_ms: 30, action: agent_recategorizes, customer: eve, agent_id: ${W.agentUserId}, category_ids: [${W.agentCategoryId}] }`,
      `  - { at_ms: 40, action: agent_closes, customer: eve, agent_id: ${W.agentUserId} }`,
      `  - { at_ms: 50, action: agent_reopens, customer: eve, agent_id: ${W.agent2UserId} }`,
    ]);
    simulator = await startSimulator({ SIMULATOR_SCENARIO: file });

    const events = await pollUntil(async () => {
      const all = (await simulator!.request('GET', '/_control/events')).body as unknown as Array<{
        type: string;
        user_id?: string;
      }>;
      return all.some((event) => event.type === 'intervention.reopened') && all;
    });

    expect(events.map((event) => [event.type, event.user_id])).toEqual([
      ['content.imported', undefined],
      ['content.imported', undefined],
      ['intervention.opened', W.agentUserId],
      ['content.replied', W.agentUserId],
      ['content.exported', W.agentUserId],
      ['intervention.recategorized', W.agentUserId],
      ['intervention.closed', W.agentUserId],
      ['intervention.reopened', W.agent2UserId],
    ]);
  });

  it('should refuse to start with an invalid scenario, naming the field', async () => {
    const file = scenarioFile([
      'name: broken',
      'steps:',
      '  - { at_ms: 0, action: customer_writes, customer: a }',
    ]);

    await expect(startSimulator({ SIMULATOR_SCENARIO: file })).rejects.toThrow(/steps\[0\]\.says/);
  });
});
