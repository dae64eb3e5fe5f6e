import { type KafkaProducerService, KafkaPublishError, KafkaPublishErrorCode } from '@handover/kafka';
import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { type GatewayConfig } from '../config/gateway.config';
import { EmergencySwitchService } from './emergency-switch.service';

const REQUEST = { active: true, scope: 'all' as const, reason: 'bot outage', actor: 'ops' };
const ORIGIN = {
  freshId: '0b6f2a52-8f43-4c71-9d0e-6f6f3c1f6a01',
  issuedAt: new Date('2026-11-23T10:00:00Z'),
};

function serviceWith(publish: jest.Mock): EmergencySwitchService {
  return new EmergencySwitchService(
    { publish } as unknown as KafkaProducerService,
    {
      KAFKA_ACK_TIMEOUT_MS: 1_234,
    } as GatewayConfig,
  );
}

describe(EmergencySwitchService.name, () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('switch', () => {
    it('should publish one record within the ack bound and return the command', async () => {
      const publish = jest.fn().mockResolvedValue(undefined);

      const command = await serviceWith(publish).switch(REQUEST, ORIGIN);

      expect(command).toMatchObject({ command_id: ORIGIN.freshId, active: true, source_ids: null });
      expect(publish).toHaveBeenCalledTimes(1);
      expect(publish).toHaveBeenCalledWith(
        [expect.objectContaining({ topic: 'ops.commands.v1', key: 'ops' })],
        {
          timeoutMs: 1_234,
        },
      );
    });

    it('should answer 503 when Kafka does not acknowledge', async () => {
      const publish = jest
        .fn()
        .mockRejectedValue(new KafkaPublishError(KafkaPublishErrorCode.AckTimeout, 'no ack in time'));

      await expect(serviceWith(publish).switch(REQUEST, ORIGIN)).rejects.toBeInstanceOf(
        ServiceUnavailableException,
      );
    });

    it('should let any other failure through as it is', async () => {
      const failure = new TypeError('bug');

      await expect(serviceWith(jest.fn().mockRejectedValue(failure)).switch(REQUEST, ORIGIN)).rejects.toBe(
        failure,
      );
    });
  });
});
