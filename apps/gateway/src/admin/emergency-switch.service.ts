import { type EmergencySwitchedCommand, OPS_COMMANDS } from '@handover/contracts';
import { KafkaProducerService, KafkaPublishError } from '@handover/kafka';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { type Context } from '@opentelemetry/api';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { type CommandOrigin, toEmergencyCommand } from './emergency-command.mapper';
import { type AuthorizedEmergencyRequest } from './emergency-request.dto';

@Injectable()
export class EmergencySwitchService {
  private readonly logger = new Logger(EmergencySwitchService.name);

  constructor(
    private readonly producer: KafkaProducerService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Accepted only once Kafka holds the command: a 202 means bot-responder and handover will see it. */
  async switch(
    request: AuthorizedEmergencyRequest,
    origin: CommandOrigin,
    trace?: Context,
  ): Promise<EmergencySwitchedCommand> {
    const command = toEmergencyCommand(request, origin);
    try {
      await this.producer.publish([OPS_COMMANDS.record(command)], {
        timeoutMs: this.config.KAFKA_ACK_TIMEOUT_MS,
        parent: trace,
      });
    } catch (error) {
      if (error instanceof KafkaPublishError) {
        this.logger.error(`Emergency command ${command.command_id} not acknowledged by Kafka: ${error.code}`);
        throw new ServiceUnavailableException('The emergency switch could not be stored; retry later');
      }
      throw error;
    }
    const scope = command.source_ids === null ? 'all sources' : `sources ${command.source_ids.join(', ')}`;
    this.logger.warn(
      `Emergency ${command.active ? 'on' : 'off'} for ${scope} by ${command.actor} (command ${command.command_id}): ${command.reason}`,
    );
    return command;
  }
}
