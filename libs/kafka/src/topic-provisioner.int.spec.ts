import { type TopicDeclaration } from '@handover/contracts';
import { type Admin, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { testKafkaBrokers, uniqueName } from '../../../test/infra';
import { provisionTopics } from './topic-provisioner';

describe(provisionTopics.name, () => {
  let admin: Admin;
  let declared: TopicDeclaration[];

  beforeEach(async () => {
    admin = new Kafka({
      clientId: uniqueName('provisioner'),
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    declared = [
      {
        name: uniqueName('events.v1'),
        partitions: 4,
        keyedBy: 'thread',
        configs: { 'retention.ms': '-1', 'cleanup.policy': 'delete' },
      },
      {
        name: uniqueName('events.v1.dlq'),
        partitions: 1,
        keyedBy: 'thread',
        configs: { 'retention.ms': '-1' },
      },
    ];
  });

  afterEach(async () => {
    await admin.disconnect();
  });

  async function retentionOf(topic: string): Promise<string | undefined> {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    });
    return resources[0].configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue;
  }

  it('should create missing topics with their partitions and keep-everything retention', async () => {
    const report = await provisionTopics(admin, declared);

    expect(report.created).toEqual(declared.map((topic) => topic.name));
    const metadata = await admin.fetchTopicMetadata({ topics: [declared[0].name] });
    expect(metadata.topics[0].partitions).toHaveLength(4);
    expect(await retentionOf(declared[0].name)).toBe('-1');
  });

  it('should change nothing when applied again', async () => {
    await provisionTopics(admin, declared);

    const again = await provisionTopics(admin, declared);

    expect(again).toEqual({ created: [], reconfigured: [], underPartitioned: [] });
  });

  it('should realign a drifted config and report a topic with fewer partitions than declared', async () => {
    await provisionTopics(admin, declared);
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: declared[0].name,
          configEntries: [{ name: 'retention.ms', value: '60000' }],
        },
      ],
    });

    const report = await provisionTopics(admin, [{ ...declared[0], partitions: 8 }]);

    expect(report.reconfigured).toEqual([declared[0].name]);
    expect(report.underPartitioned).toEqual([declared[0].name]);
    expect(await retentionOf(declared[0].name)).toBe('-1');
    const metadata = await admin.fetchTopicMetadata({ topics: [declared[0].name] });
    expect(metadata.topics[0].partitions).toHaveLength(4);
  });
});
