import { KafkaProducerService } from '@handover/kafka';
import { DATA_SOURCE, OutboxRelay, PeriodicJob } from '@handover/event-runtime';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AVAILABILITY_POLLER_CONFIG,
  type AvailabilityPollerConfig,
} from '../config/availability-poller.config';
import { AvailabilityPollService } from './availability-poll.service';

/**
 * The poll, every AVAILABILITY_POLL_MS from the end of the previous one (the first at start), and
 * the outbox relay that publishes what the polls decided.
 */
@Injectable()
export class AvailabilityPollJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AvailabilityPollJob.name);
  private readonly relay: OutboxRelay;
  private readonly job: PeriodicJob;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(AVAILABILITY_POLLER_CONFIG) { app, engage }: AvailabilityPollerConfig,
    producer: KafkaProducerService,
    private readonly poller: AvailabilityPollService,
  ) {
    this.relay = new OutboxRelay(dataSource, (records) =>
      producer.publish(records, { timeoutMs: app.KAFKA_ACK_TIMEOUT_MS }),
    );
    this.job = new PeriodicJob(app.AVAILABILITY_POLL_MS, () => this.tick(), 0);
    const statusCalls = Math.ceil(engage.ENGAGE_QUOTA_WINDOW_MS / app.AVAILABILITY_POLL_MS);
    const lowShare = engage.ENGAGE_QUOTA_CALLS - engage.ENGAGE_QUOTA_RESERVED_FOR_REPLIES;
    if (statusCalls > lowShare) {
      this.logger.warn(
        `AVAILABILITY_POLL_MS asks for ${statusCalls} GET /status per quota window, more than the ` +
          `${lowShare} that ENGAGE_QUOTA_CALLS leaves beyond ENGAGE_QUOTA_RESERVED_FOR_REPLIES: polls over it are skipped`,
      );
    }
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
    // One last pass, so the last poll's events do not wait for the next start.
    this.relay.wake();
    await this.relay.stop();
    await this.dataSource.destroy();
  }

  private async tick(): Promise<void> {
    try {
      if ((await this.poller.pollOnce()) === 'published') {
        this.relay.wake();
      }
    } catch (error) {
      this.logger.error(`Poll failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
