import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioError, parseScenario } from './scenario.parser';

const SCENARIOS = join(__dirname, '..', '..', 'scenarios');

describe(parseScenario.name, () => {
  it.each(readdirSync(SCENARIOS))('should accept the shipped scenario %s', (file) => {
    const scenario = parseScenario(readFileSync(join(SCENARIOS, file), 'utf8'), file);

    expect(scenario.steps.length).toBeGreaterThan(0);
  });

  it('should accept JSON as well', () => {
    const json = JSON.stringify({
      name: 'one',
      steps: [
        {
          at_ms: 0,
          action: 'customer_writes',
          customer: 'a',
          source_id: '5be1c0b4e20311250379c101',
          says: 'hi',
        },
      ],
    });

    expect(parseScenario(json, 'one.json').name).toBe('one');
  });

  it('should name every invalid field', () => {
    const text = [
      'name: broken',
      'steps:',
      '  - { at_ms: -1, action: customer_writes, customer: a, source_id: 5be1c0b4e20311250379c101, says: hi }',
      '  - { at_ms: 10, action: agent_replies, customer: a, says: hi }',
      '  - { at_ms: 20, action: dance }',
    ].join('\n');

    const error = (() => {
      try {
        parseScenario(text, 'broken.yaml');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a refusal');
    })();

    expect(error).toBeInstanceOf(ScenarioError);
    expect(error.message).toContain('steps[0].at_ms');
    expect(error.message).toContain('steps[1].agent_id');
    expect(error.message).toContain('steps[2].action');
  });

  it("should require the source on a customer's first message only", () => {
    const text = [
      'name: sources',
      'steps:',
      '  - { at_ms: 10, action: customer_writes, customer: a, says: second }',
      '  - { at_ms: 0, action: customer_writes, customer: a, source_id: 5be1c0b4e20311250379c101, says: first }',
      '  - { at_ms: 5, action: customer_writes, customer: b, says: no source }',
    ].join('\n');

    expect(() => parseScenario(text, 'sources.yaml')).toThrow(
      /^(?!.*steps\[0\]).*steps\[2\]\.source_id is required on b's first message/,
    );
  });

  it('should accept source imports, recategorizations and reopenings, naming their missing fields', () => {
    const valid = [
      'name: console',
      'steps:',
      '  - { at_ms: 0, action: source_imports, customer: a, source_id: 5be1c0b4e20311250379c101, kind: welcome_message, says: Hi }',
      '  - { at_ms: 5, action: customer_writes, customer: a, says: hello }',
      `  - { at_ms: 9, action: agent_recategorizes, customer: a, agent_id: 5be1c0b4e20311250379c202, category_ids: [5be59e1f13047d026b6ca8af] }`,
      '  - { at_ms: 9, action: agent_reopens, customer: a, agent_id: 5be1c0b4e20311250379c202 }',
    ].join('\n');
    const invalid = [
      'name: broken',
      'steps:',
      '  - { at_ms: 0, action: source_imports, customer: a, source_id: 5be1c0b4e20311250379c101, says: Hi }',
      '  - { at_ms: 1, action: agent_recategorizes, customer: a, agent_id: 5be1c0b4e20311250379c202 }',
      '  - { at_ms: 2, action: agent_reopens, customer: a }',
      '  - { at_ms: 3, action: source_imports, customer: b, kind: brand_post, says: Sale }',
    ].join('\n');

    expect(parseScenario(valid, 'console.yaml').steps.map((step) => step.action)).toEqual([
      'source_imports',
      'customer_writes',
      'agent_recategorizes',
      'agent_reopens',
    ]);
    expect(() => parseScenario(invalid, 'broken.yaml')).toThrow(
      /steps\[0\]\.kind.*steps\[1\]\.category_ids.*steps\[2\]\.agent_id/,
    );
    expect(() =>
      parseScenario(
        invalid
          .split('\n')
          .filter((line) => !/at_ms: [012],/.test(line))
          .join('\n'),
        'b.yaml',
      ),
    ).toThrow(/steps\[0\]\.source_id is required on b's first message/);
  });

  it('should refuse text that is not YAML', () => {
    expect(() => parseScenario('steps: [unclosed', 'bad.yaml')).toThrow(ScenarioError);
  });
});
