import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerWatchdog } from './broker-watchdog';
import { type KafkaHandle, type SecureKafkaListener } from './infra-handles';
import { ensureKafkaLibs } from './kafka-libs';
import { waitForKafka } from './kafka-readiness';
import { createTlsMaterial } from './kafka-tls';
import {
  clusterId,
  freePorts,
  newSecureUsers,
  type SaslSslListenerConfig,
  scramFormatArgs,
  secureListener,
  writeConfig,
} from './local-kafka-config';
import { cleanUpOnExit } from './process-cleanup';

const STOP_GRACE_MS = 10_000;

export interface LocalKafkaBrokerOptions {
  /** Keep the broker running after this process exits (`npm run infra:up`). */
  detached?: boolean;
  /** Add a SASL_SSL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) next to the PLAINTEXT one. */
  secure?: boolean;
}

/** A real Apache Kafka broker (KRaft, combined broker + controller) as a child Java process. */
export class LocalKafkaBroker implements KafkaHandle {
  readonly kind = 'local' as const;
  readonly brokers: string[];
  readonly secure: SecureKafkaListener | undefined;
  private child: ChildProcess | undefined;
  private exitReason: string | undefined;
  private stopped = false;
  private readonly forgetCleanup: () => void;
  private readonly watchdog: BrokerWatchdog | undefined;

  private constructor(
    readonly dataDir: string,
    port: number,
    private readonly java: { classpath: string[]; serverProperties: string; formatArgs: string[] },
    private readonly detached: boolean,
    secure: SaslSslListenerConfig | undefined,
  ) {
    this.brokers = [`127.0.0.1:${port}`];
    this.secure = secure && secureListener(secure);
    this.forgetCleanup = cleanUpOnExit(() => this.killAndRemoveSync());
    // A detached broker is meant to outlive us; the exit handlers above cover its start-up only.
    this.watchdog = detached ? undefined : BrokerWatchdog.start(dataDir);
  }

  static async start(
    options: LocalKafkaBrokerOptions & { secure: true },
  ): Promise<LocalKafkaBroker & { secure: SecureKafkaListener }>;
  static async start(options?: LocalKafkaBrokerOptions): Promise<LocalKafkaBroker>;
  static async start(options: LocalKafkaBrokerOptions = {}): Promise<LocalKafkaBroker> {
    const libsDir = await ensureKafkaLibs();
    const dataDir = mkdtempSync(join(tmpdir(), 'handover-kafka-'));
    let broker: LocalKafkaBroker | undefined;
    try {
      const [port, controllerPort, securePort] = await freePorts(options.secure ? 3 : 2);
      const secure: SaslSslListenerConfig | undefined = options.secure
        ? {
            port: securePort,
            tls: await createTlsMaterial(join(dataDir, 'tls'), javaBinary()),
            users: newSecureUsers(),
          }
        : undefined;
      const files = writeConfig(dataDir, port, controllerPort, secure);
      const classpath = ['-cp', join(libsDir, '*'), `-Dlog4j.configuration=file:${files.log4j}`];
      const formatArgs = secure ? scramFormatArgs(secure.users) : [];
      broker = new LocalKafkaBroker(
        dataDir,
        port,
        { classpath, serverProperties: files.server, formatArgs },
        options.detached ?? false,
        secure,
      );
      await broker.format();
      await broker.launch();
    } catch (error) {
      if (broker) {
        await broker.stop();
      } else {
        rmSync(dataDir, { recursive: true, force: true });
      }
      throw error;
    }
    if (broker.detached) {
      // From here on the broker belongs to `npm run infra:down`, not to this process.
      broker.forgetCleanup();
    }
    return broker;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async pause(): Promise<void> {
    this.assertNotStopped('pause');
    await this.terminate();
  }

  async resume(): Promise<void> {
    this.assertNotStopped('resume');
    if (this.child && isRunning(this.child)) {
      return;
    }
    await this.launch();
  }

  async stop(): Promise<void> {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    await this.terminate();
    rmSync(this.dataDir, { recursive: true, force: true, maxRetries: 5 });
    this.forgetCleanup();
    this.watchdog?.release();
  }

  private async format(): Promise<void> {
    const { classpath, serverProperties, formatArgs } = this.java;
    const args = [
      ...classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId(),
      '-c',
      serverProperties,
      ...formatArgs,
    ];
    const child = this.spawnJava(args, false);
    await once(child, 'close').catch(() => undefined);
    this.child = undefined;
    if (child.exitCode !== 0) {
      throw new Error(
        `Formatting the Kafka storage in ${this.dataDir} ${this.exitReason}:\n${this.logTail()}`,
      );
    }
  }

  private async launch(): Promise<void> {
    const { classpath, serverProperties } = this.java;
    this.spawnJava(['-Xms256m', '-Xmx1g', ...classpath, 'kafka.Kafka', serverProperties], this.detached);
    await waitForKafka(this.brokers, {
      failFast: () =>
        this.exitReason === undefined
          ? undefined
          : new Error(`The Kafka broker in ${this.dataDir} ${this.exitReason}:\n${this.logTail()}`),
    });
  }

  /** Every JVM we start is tracked, so that no cleanup path misses one (a format run included). */
  private spawnJava(args: string[], detached: boolean): ChildProcess {
    const output = openSync(join(this.dataDir, 'broker.out'), 'a');
    let child: ChildProcess;
    try {
      child = spawn(javaBinary(), args, { cwd: this.dataDir, detached, stdio: ['ignore', output, output] });
    } finally {
      closeSync(output);
    }
    this.child = child;
    this.watchdog?.watch(child.pid);
    this.exitReason = undefined;
    child.once('error', (error) => (this.exitReason ??= `could not be started: ${error.message}`));
    child.once('exit', (code, signal) => {
      this.exitReason ??= `exited (code ${code}, signal ${signal})`;
      this.watchdog?.watch(0);
    });
    if (detached) {
      child.unref();
    }
    return child;
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || !isRunning(child)) {
      return;
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private killAndRemoveSync(): void {
    if (this.child && isRunning(this.child)) {
      this.child.kill('SIGKILL');
    }
    rmSync(this.dataDir, { recursive: true, force: true, maxRetries: 5 });
  }

  private assertNotStopped(action: string): void {
    if (this.stopped) {
      throw new Error(`Cannot ${action} the Kafka broker at ${this.brokers.join(',')}: it was stopped`);
    }
  }

  private logTail(lines = 40): string {
    return ['broker.out', 'broker.log']
      .map((file) => join(this.dataDir, file))
      .filter((file) => existsSync(file))
      .map(
        (file) => `--- ${file}\n${readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`,
      )
      .join('\n');
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

function javaBinary(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}
