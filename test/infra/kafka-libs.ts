import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './repo-root';

export const KAFKA_VERSION = '3.9.1';

const run = promisify(execFile);

let fetching: Promise<string> | undefined;

/** Jars of the broker, fetched once from Maven Central into the git-ignored .cache folder. */
export function ensureKafkaLibs(): Promise<string> {
  fetching ??= fetchKafkaLibs().finally(() => (fetching = undefined));
  return fetching;
}

async function fetchKafkaLibs(): Promise<string> {
  const libsDir = join(repoRoot, '.cache', 'kafka', KAFKA_VERSION, 'libs');
  if (hasBrokerJar(libsDir)) {
    return libsDir;
  }
  process.stderr.write(`Fetching Apache Kafka ${KAFKA_VERSION} jars with Maven into ${libsDir} (once)\n`);
  // A private folder renamed into place, so that two concurrent first runs never see half a classpath.
  const partialDir = `${libsDir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  const pom = join(repoRoot, 'docker', 'kafka', 'pom.xml');
  try {
    await run(
      'mvn',
      [
        '-B',
        '-q',
        '-Dstyle.color=never',
        '-f',
        pom,
        'dependency:copy-dependencies',
        `-Dkafka.libs.dir=${partialDir}`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    if (!hasBrokerJar(libsDir)) {
      rmSync(libsDir, { recursive: true, force: true });
      renameSync(partialDir, libsDir);
    }
  } catch (error) {
    if (!hasBrokerJar(libsDir)) {
      throw new Error(
        'Could not fetch the Kafka jars with Maven (needs mvn and Java on PATH and access to Maven Central): ' +
          commandFailure(error),
      );
    }
  } finally {
    rmSync(partialDir, { recursive: true, force: true });
  }
  return libsDir;
}

function hasBrokerJar(libsDir: string): boolean {
  return existsSync(join(libsDir, `kafka_2.13-${KAFKA_VERSION}.jar`));
}

/** The message of a failed execFile, with whatever the command printed. */
export function commandFailure(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  // execFile puts stderr into the message already.
  const { stdout } = error as Error & { stdout?: unknown };
  return [error.message, stdout].filter((part) => typeof part === 'string' && part.trim()).join('\n');
}
