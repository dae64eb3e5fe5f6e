import { type TopicDeclaration } from '@handover/contracts';
import { type Admin, ConfigResourceTypes } from 'kafkajs';

export interface ProvisionReport {
  created: string[];
  reconfigured: string[];
  /** Topics with fewer partitions than declared: never changed automatically (see below). */
  underPartitioned: string[];
}

/**
 * Applies the topic declarations idempotently: creates what is missing and realigns the declared
 * configs of what exists. Replication follows the cluster (up to 3), so one declaration serves a
 * single local broker and a production cluster alike.
 */
export async function provisionTopics(
  admin: Admin,
  topics: readonly TopicDeclaration[],
): Promise<ProvisionReport> {
  const { brokers } = await admin.describeCluster();
  const replicationFactor = Math.min(3, brokers.length);
  const configsFor = (topic: TopicDeclaration): Record<string, string> => ({
    ...topic.configs,
    'min.insync.replicas': String(Math.max(1, replicationFactor - 1)),
  });

  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    // Returns false rather than failing when another instance created them first.
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor,
        configEntries: toEntries(configsFor(topic)),
      })),
    });
  }

  const present = topics.filter((topic) => existing.has(topic.name));
  return {
    created: missing.map((topic) => topic.name),
    reconfigured: await realignConfigs(admin, present, configsFor),
    underPartitioned: await findUnderPartitioned(admin, present),
  };
}

async function realignConfigs(
  admin: Admin,
  topics: readonly TopicDeclaration[],
  configsFor: (topic: TopicDeclaration) => Record<string, string>,
): Promise<string[]> {
  if (topics.length === 0) {
    return [];
  }
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.name })),
  });
  const drifted: string[] = [];
  for (const topic of topics) {
    const entries =
      described.resources.find((resource) => resource.resourceName === topic.name)?.configEntries ?? [];
    const current = Object.fromEntries(entries.map((entry) => [entry.configName, entry.configValue]));
    const declared = configsFor(topic);
    if (Object.entries(declared).some(([name, value]) => current[name] !== value)) {
      // alterConfigs replaces the topic's whole dynamic config: keep what operators set, overlay ours.
      const operatorSet = entries.filter((entry) => !entry.isDefault && !entry.readOnly);
      const merged = {
        ...Object.fromEntries(operatorSet.map((e) => [e.configName, e.configValue])),
        ...declared,
      };
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic.name, configEntries: toEntries(merged) }],
      });
      drifted.push(topic.name);
    }
  }
  return drifted;
}

/**
 * Adding partitions moves keys to other partitions and breaks per-thread order for in-flight
 * conversations, so a shortfall is reported for an operator to handle, not fixed here.
 */
async function findUnderPartitioned(admin: Admin, topics: readonly TopicDeclaration[]): Promise<string[]> {
  if (topics.length === 0) {
    return [];
  }
  const metadata = await admin.fetchTopicMetadata({ topics: topics.map((topic) => topic.name) });
  return topics
    .filter((topic) => {
      const found = metadata.topics.find((t) => t.name === topic.name);
      return found !== undefined && found.partitions.length < topic.partitions;
    })
    .map((topic) => topic.name);
}

function toEntries(configs: Record<string, string>): Array<{ name: string; value: string }> {
  return Object.entries(configs).map(([name, value]) => ({ name, value }));
}
