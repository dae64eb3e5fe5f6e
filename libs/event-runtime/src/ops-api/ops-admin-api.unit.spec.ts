import { ConfigValidationError, loadConfig } from '@handover/config';
import { ConsumerAppEnv } from '../consumer-app.env';
import { opsAdminControllers } from './ops-admin-api';
import { OpsAdminHttpController } from './ops-admin.http.controller';

const TOKEN = 'ops-t0ken-0123456789abcdef-secret';
const REQUIRED = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/handover',
};

describe('ops admin API', () => {
  describe('ADMIN_TOKENS', () => {
    it('should mount the controller only when named tokens are set', () => {
      expect(opsAdminControllers(loadConfig(ConsumerAppEnv, REQUIRED))).toEqual([]);
      expect(
        opsAdminControllers(loadConfig(ConsumerAppEnv, { ...REQUIRED, ADMIN_TOKENS: `ops=${TOKEN}` })),
      ).toEqual([OpsAdminHttpController]);
    });

    it.each([
      ['a bare token', TOKEN],
      ['a short token', 'ops=short'],
      ['a token named twice', `ops=${TOKEN},dashboard=${TOKEN}`],
    ])('should refuse %s, naming ADMIN_TOKENS and never echoing a token', (_case, tokens) => {
      const load = (): unknown => loadConfig(ConsumerAppEnv, { ...REQUIRED, ADMIN_TOKENS: tokens });

      expect(load).toThrow(ConfigValidationError);
      expect(load).toThrow(/ADMIN_TOKENS: must be a comma-separated list of name=token/);
      expect(load).not.toThrow(TOKEN.slice(0, 12));
    });
  });
});
