import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import {
  type OpenApiSchema as Schema,
  officialOpenApi,
  resolveSchema as deref,
} from '../../../test/support/official-openapi';
import { BOT_TOKEN, type RunningSimulator, startSimulator } from './simulator.harness';

const spec = officialOpenApi();

function responseSchema(path: string, method: string): Schema {
  return deref(spec.paths[path][method].responses['200'].content!['application/json'].schema);
}

/** Paths of emitted fields that the schema does not declare (recursing into objects and arrays). */
function undeclared(value: unknown, schema: Schema, at = '$'): string[] {
  const resolved = deref(schema);
  if (Array.isArray(value)) {
    return resolved.items
      ? value.flatMap((item, i) => undeclared(item, resolved.items as Schema, `${at}[${i}]`))
      : [];
  }
  if (value === null || typeof value !== 'object' || !resolved.properties) {
    return [];
  }
  const properties = resolved.properties;
  return Object.entries(value).flatMap(([key, field]) =>
    key in properties ? undeclared(field, properties[key], `${at}.${key}`) : [`${at}.${key}`],
  );
}

function notEmitted(value: Record<string, unknown>, schema: Schema): string[] {
  return Object.keys(deref(schema).properties ?? {}).filter((key) => !(key in value));
}

// Declared by the OpenAPI schemas but not emitted by the simulator (yet).
const NOT_EMITTED = {
  Thread: ['extra_data'],
  Intervention: [
    'custom_fields',
    'detected_language',
    'first_user_reply_in',
    'first_user_reply_in_bh',
    'identity_group_id',
    'last_user_reply_in',
    'last_user_reply_in_bh',
    'user_reply_in_average',
    'user_reply_in_average_bh',
    'user_reply_in_average_count',
    'satisfaction_grade',
    'satisfaction_answered_at',
    'satisfaction_sent_at',
    'survey_response_id',
    'survey_id',
    'translation_enabled',
  ],
  Content: [
    'body_formatted',
    'context_data',
    'foreign_categories',
    'headers',
    'identity_group_id',
    'language',
    'original_body',
    'rating',
    'rated_with',
    'rating_reason',
    'source_language',
    'source_url',
    'synchronization_error',
    'target_language',
    'translated_body',
    'translation_error',
    'translation_status',
    'capabilities_supported',
  ],
  User: [
    'external_id',
    'gender',
    'invitation_pending',
    'locale',
    'rc_user_id',
    'role_id',
    'spoken_languages',
    'timezone',
    'user_capacity_id',
    'no_password',
  ],
  InterventionComment: ['videntity_id'],
  Identity: [
    'avatar_url',
    'community_url',
    'company',
    'extra_values',
    'gender',
    'home_phone',
    'mobile_phone',
  ],
};

describe('engage-simulator responses against the official OpenAPI schemas', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator();
  });

  afterAll(async () => {
    await sim.app.close();
  });

  it('should emit only declared fields for a thread, an intervention, a content, the status and users', async () => {
    await sim.request('PUT', `/_control/agents/${W.agentUserId}/channels/${W.channelId}`, {
      json: { status: 'away' },
    });
    const message = await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId, body: 'hi' },
    });
    const intervention = await sim.request('POST', '/1.0/interventions', {
      token: BOT_TOKEN,
      form: `content_id=${message.body.id}`,
    });
    const content = await sim.request('POST', '/1.0/contents', {
      token: BOT_TOKEN,
      form: `body=hello&in_reply_to_id=${message.body.id}`,
    });
    const thread = await sim.request('GET', `/1.0/content_threads/${W.threadId}`, { token: BOT_TOKEN });
    const status = await sim.request('GET', '/1.0/status', { token: BOT_TOKEN });
    const users = await sim.request('GET', '/1.0/users', { token: BOT_TOKEN });
    const checks: [unknown, Schema][] = [
      [thread.body, responseSchema('/content_threads/{threadId}', 'get')],
      [intervention.body, responseSchema('/interventions', 'post')],
      [content.body, responseSchema('/contents', 'post')],
      [status.body, responseSchema('/status', 'get')],
      [users.body, responseSchema('/users', 'get')],
    ];
    expect(status.body).toHaveLength(1);
    expect(users.body.records.length).toBeGreaterThan(0);
    expect(checks.flatMap(([body, schema]) => undeclared(body, schema))).toEqual([]);
  });

  it('should leave out exactly the declared fields listed in NOT_EMITTED', async () => {
    const message = await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId, body: 'hi' },
    });
    const intervention = await sim.request('POST', '/1.0/interventions', {
      token: BOT_TOKEN,
      form: `content_id=${message.body.id}`,
    });
    const thread = await sim.request('GET', `/1.0/content_threads/${W.threadId}`, { token: BOT_TOKEN });
    const users = await sim.request('GET', '/1.0/users', { token: BOT_TOKEN });
    const comment = await sim.request('POST', '/1.0/intervention_comments', {
      token: BOT_TOKEN,
      form: `body=note&intervention_id=${intervention.body.id}&user_id=${W.botUserId}`,
    });
    const identity = await sim.request('GET', `/1.0/identities/${message.body.author_id as string}`, {
      token: BOT_TOKEN,
    });
    expect({
      Thread: notEmitted(thread.body, spec.components.schemas.Thread),
      Intervention: notEmitted(intervention.body, spec.components.schemas.Intervention),
      Content: notEmitted(message.body, spec.components.schemas.Content),
      User: notEmitted(users.body.records[0], spec.components.schemas.User),
      InterventionComment: notEmitted(comment.body, spec.components.schemas.InterventionComment),
      Identity: notEmitted(identity.body, spec.components.schemas.Identity),
    }).toEqual(NOT_EMITTED);
  });

  it('should emit only declared fields for categories, channels and a source', async () => {
    const categories = await sim.request('GET', '/1.0/categories', { token: BOT_TOKEN });
    const category = await sim.request('GET', `/1.0/categories/${W.botCategoryId}`, { token: BOT_TOKEN });
    const channels = await sim.request('GET', '/1.0/channels', { token: BOT_TOKEN });
    const source = await sim.request('GET', `/1.0/content_sources/${W.sourceId}`, { token: BOT_TOKEN });
    expect(undeclared({ id: 'x', bogus: 1 }, spec.components.schemas.Thread)).toEqual(['$.bogus']);
    const sources = await sim.request('GET', '/1.0/content_sources', { token: BOT_TOKEN });
    const updated = await sim.request('PUT', `/1.0/content_sources/${W.secondChatSourceId}`, {
      token: BOT_TOKEN,
      form: 'name=Second',
    });
    expect([
      ...undeclared(categories.body, responseSchema('/categories', 'get')),
      ...undeclared(category.body, responseSchema('/categories/{categoryId}', 'get')),
      ...undeclared(channels.body, responseSchema('/channels', 'get')),
      ...undeclared(source.body, responseSchema('/content_sources/{sourceId}', 'get')),
      ...undeclared(sources.body, responseSchema('/content_sources', 'get')),
      ...undeclared(updated.body, responseSchema('/content_sources/{sourceId}', 'put')),
    ]).toEqual([]);
  });

  it('should emit only declared fields for comments, identities, intervention lists and contents with attachments', async () => {
    const message = await sim.request('POST', '/_control/customer-messages', {
      json: {
        source_id: W.emailSourceId,
        body: 'see attached',
        attachments: [{ filename: 'a.pdf', content_type: 'application/pdf' }],
      },
    });
    const intervention = await sim.request('POST', '/1.0/interventions', {
      token: BOT_TOKEN,
      form: `content_id=${message.body.id}`,
    });
    const comment = await sim.request('POST', '/1.0/intervention_comments', {
      token: BOT_TOKEN,
      form: `body=note&intervention_id=${intervention.body.id}&user_id=${W.botUserId}`,
    });
    const get = (path: string) => sim.request('GET', path, { token: BOT_TOKEN });
    const checks: [unknown, Schema][] = [
      [comment.body, responseSchema('/intervention_comments', 'post')],
      [(await get('/1.0/intervention_comments')).body, responseSchema('/intervention_comments', 'get')],
      [
        (await get(`/1.0/intervention_comments/${comment.body.id}`)).body,
        responseSchema('/intervention_comments/{interventionCommentId}', 'get'),
      ],
      [(await get('/1.0/interventions')).body, responseSchema('/interventions', 'get')],
      [
        (await get(`/1.0/interventions/${intervention.body.id}`)).body,
        responseSchema('/interventions/{interventionId}', 'get'),
      ],
      [
        (
          await sim.request('PUT', `/1.0/interventions/${intervention.body.id}/reassign`, {
            token: BOT_TOKEN,
            form: `user_id=${W.agentUserId}`,
          })
        ).body,
        responseSchema('/interventions/{interventionId}/reassign', 'put'),
      ],
      [(await get(`/1.0/contents/${message.body.id}`)).body, responseSchema('/contents/{contentId}', 'get')],
      [
        (await get(`/1.0/identities/${message.body.author_id as string}`)).body,
        responseSchema('/identities/{identityId}', 'get'),
      ],
    ];
    expect(message.body.attachments_count).toBe(1);
    expect(checks.flatMap(([body, schema]) => undeclared(body, schema))).toEqual([]);
  });
});
