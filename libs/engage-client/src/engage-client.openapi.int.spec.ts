import {
  type OpenApiOperation as Operation,
  type OpenApiSchema as Schema,
  officialOpenApi,
} from '../../../test/support/official-openapi';
import { type EngageAgentChannelStatus, type EngageAgentStatus } from './dto/agent-status.dto';
import { type EngageCategory } from './dto/category.dto';
import { type EngageChannel } from './dto/channel.dto';
import { type EngageContent } from './dto/content.dto';
import { type EngageIntervention } from './dto/intervention.dto';
import { type EngagePage } from './dto/page.dto';
import { type EngageSource } from './dto/source.dto';
import { type EngageThread } from './dto/thread.dto';
import { type EngageUser } from './dto/user.dto';
import { type EngageClient } from './engage.client';
import { buildClient, type ClientFixture } from './testing/engage-client.fixture';
import { EngageStub } from './testing/engage-stub.server';

// Record<keyof T, true> must name every DTO field and nothing else, so the check below covers the DTO.
const fields = <T>(keys: Record<keyof T, true>): string[] => Object.keys(keys);
const INTERVENTION = fields<EngageIntervention>({
  id: true,
  content_id: true,
  thread_id: true,
  source_id: true,
  identity_id: true,
  user_id: true,
  status: true,
  closed: true,
  closed_at: true,
  category_ids: true,
  user_replies_count: true,
  created_at: true,
  updated_at: true,
});
const CONTENT = fields<EngageContent>({
  id: true,
  thread_id: true,
  source_id: true,
  author_id: true,
  in_reply_to_id: true,
  intervention_id: true,
  body: true,
  private_message: true,
  type: true,
  status: true,
  created_at: true,
  updated_at: true,
  attachments: true,
});
const THREAD = fields<EngageThread>({
  id: true,
  source_id: true,
  title: true,
  closed: true,
  category_ids: true,
  thread_category_ids: true,
  contents_count: true,
  interventions_count: true,
  foreign_id: true,
  created_at: true,
  updated_at: true,
});
const AGENT_STATUS = fields<EngageAgentStatus>({ agent_id: true, channels: true, custom_status: true });
const AGENT_CHANNEL = fields<EngageAgentChannelStatus>({
  id: true,
  name: true,
  status: true,
  busyness: true,
});
const USER = fields<EngageUser>({
  id: true,
  firstname: true,
  lastname: true,
  nickname: true,
  email: true,
  enabled: true,
  category_ids: true,
  team_ids: true,
  identity_ids: true,
  spoken_languages: true,
});
const CATEGORY = fields<EngageCategory>({
  id: true,
  name: true,
  parent_id: true,
  source_ids: true,
  unselectable: true,
});
const SOURCE = fields<EngageSource>({
  id: true,
  name: true,
  type: true,
  active: true,
  channel_id: true,
  default_category_ids: true,
});
const CHANNEL = fields<EngageChannel>({
  id: true,
  name: true,
  label: true,
  source_ids: true,
  soft_capability: true,
  hard_capability: true,
});
const PAGE = fields<EngagePage<unknown>>({ count: true, offset: true, limit: true, records: true });

const emptyPage = { count: 0, offset: 0, limit: 150, records: [] };

interface Case {
  name: string;
  call: (client: EngageClient) => Promise<unknown>;
  reply: unknown;
  /** Schema of one returned record, and the DTO fields read from it. */
  schema: string;
  dtoFields: string[];
  shape: 'object' | 'page' | 'array';
}

const CASES: Case[] = [
  {
    name: 'createIntervention',
    call: (c) => c.createIntervention('c1'),
    reply: {},
    schema: 'Intervention',
    dtoFields: INTERVENTION,
    shape: 'object',
  },
  {
    name: 'closeIntervention',
    call: (c) => c.closeIntervention('i1'),
    reply: {},
    schema: 'Intervention',
    dtoFields: INTERVENTION,
    shape: 'object',
  },
  {
    name: 'createContent',
    call: (c) =>
      c.createContent({ body: 'b', inReplyToId: 'c1', sourceId: 's1', authorId: 'a1', private: true }),
    reply: {},
    schema: 'Content',
    dtoFields: CONTENT,
    shape: 'object',
  },
  {
    name: 'updateThreadCategories',
    call: (c) => c.updateThreadCategories('t1', ['a', 'b']),
    reply: {},
    schema: 'Thread',
    dtoFields: THREAD,
    shape: 'object',
  },
  {
    name: 'closeThread',
    call: (c) => c.closeThread('t1'),
    reply: {},
    schema: 'Thread',
    dtoFields: THREAD,
    shape: 'object',
  },
  {
    name: 'getThread',
    call: (c) => c.getThread('t1'),
    reply: {},
    schema: 'Thread',
    dtoFields: THREAD,
    shape: 'object',
  },
  {
    name: 'getContent',
    call: (c) => c.getContent('c1'),
    reply: {},
    schema: 'Content',
    dtoFields: CONTENT,
    shape: 'object',
  },
  {
    name: 'listThreadContents',
    call: (c) => c.listThreadContents('t1', { offset: 0, limit: 10 }),
    reply: emptyPage,
    schema: 'Content',
    dtoFields: CONTENT,
    shape: 'page',
  },
  {
    name: 'getAgentStatuses',
    call: (c) => c.getAgentStatuses(),
    reply: [],
    schema: 'AgentStatus',
    dtoFields: AGENT_STATUS,
    shape: 'array',
  },
  {
    name: 'listUsers',
    call: (c) => c.listUsers({ categoryId: 'x', teamId: 'y' }),
    reply: emptyPage,
    schema: 'User',
    dtoFields: USER,
    shape: 'page',
  },
  {
    name: 'listCategories',
    call: (c) => c.listCategories(),
    reply: emptyPage,
    schema: 'Category',
    dtoFields: CATEGORY,
    shape: 'page',
  },
  {
    name: 'getSource',
    call: (c) => c.getSource('s1'),
    reply: {},
    schema: 'Source',
    dtoFields: SOURCE,
    shape: 'object',
  },
  {
    name: 'listSources',
    call: (c) => c.listSources(),
    reply: emptyPage,
    schema: 'Source',
    dtoFields: SOURCE,
    shape: 'page',
  },
  {
    name: 'listChannels',
    call: (c) => c.listChannels(),
    reply: emptyPage,
    schema: 'Channel',
    dtoFields: CHANNEL,
    shape: 'page',
  },
];

const refName = (schema: Schema | undefined): string | undefined => schema?.$ref?.split('/').pop();
const bare = (name: string): string => name.replace(/\[\]$/, '');

describe('EngageClient matches the official OpenAPI document', () => {
  const doc = officialOpenApi();
  let stub: EngageStub;
  let fixture: ClientFixture;

  beforeAll(async () => {
    stub = await EngageStub.start();
    fixture = await buildClient({ baseUrl: stub.baseUrl, authMode: 'query' });
  });
  afterAll(async () => {
    await fixture.close();
    await stub.close();
  });
  beforeEach(() => stub.reset());

  function operationFor(method: string, path: string): { template: string; operation?: Operation } {
    const segments = path.replace(/^\/1\.0/, '').split('/');
    const template = Object.keys(doc.paths).find((candidate) => {
      const parts = candidate.split('/');
      return (
        parts.length === segments.length && parts.every((p, i) => p.startsWith('{') || p === segments[i])
      );
    });
    return {
      template: template ?? path,
      operation: template ? doc.paths[template][method.toLowerCase()] : undefined,
    };
  }

  it.each(CASES)('$name', async ({ call, reply, schema, dtoFields, shape }) => {
    stub.replyInOrder({ body: reply });
    await call(fixture.client);

    const [received] = stub.received;
    const { template, operation } = operationFor(received.method, received.path);
    expect({ route: `${received.method} ${template}`, declared: operation !== undefined }).toEqual({
      route: `${received.method} ${template}`,
      declared: true,
    });
    const declared = new Set((operation!.parameters ?? []).map((p) => bare(p.name)));
    // access_token is the auth scheme (ENGAGE_API.md §2.1), not an operation parameter.
    const sent = [...received.query.keys(), ...received.form.keys()].filter((n) => n !== 'access_token');
    expect(sent.map(bare).filter((name) => !declared.has(name))).toEqual([]);

    const answer = operation!.responses['200'].content!['application/json'].schema;
    const wrapper = shape === 'page' ? doc.components.schemas[refName(answer)!] : undefined;
    const record =
      shape === 'page' ? wrapper!.properties!.records.items : shape === 'array' ? answer.items : answer;
    expect(refName(record)).toBe(schema);
    expect(PAGE.filter((f) => wrapper !== undefined && !(f in wrapper.properties!))).toEqual([]);
    const properties = doc.components.schemas[schema].properties!;
    expect(dtoFields.filter((field) => !(field in properties))).toEqual([]);
  });

  it('AgentStatusChannel has the fields the availability check reads', () => {
    const properties = doc.components.schemas.AgentStatusChannel.properties!;

    expect(AGENT_CHANNEL.filter((field) => !(field in properties))).toEqual([]);
  });

  it('the /contents search documents the thread keyword the client uses', () => {
    const q = doc.paths['/contents'].get.parameters!.find((p) => p.name === 'q');

    expect(q?.description).toMatch(/\bthread\b/);
  });
});
