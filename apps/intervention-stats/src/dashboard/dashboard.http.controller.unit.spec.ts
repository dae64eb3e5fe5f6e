import {
  BadRequestException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { loadInterventionStatsConfig } from '../config/intervention-stats.config';
import { DashboardHttpController, SWITCH_NOT_CONFIGURED } from './dashboard.http.controller';

const TOKEN = 'dashboard-test-token-0123456789abcdef';
const BASE = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/stats' };
const VALID = { active: true, scope: 'all', reason: 'bot outage' };

function controller(env: Record<string, string> = {}): DashboardHttpController {
  return new DashboardHttpController(loadInterventionStatsConfig({ ...BASE, ...env }));
}

const configured = (): DashboardHttpController =>
  // A port nothing listens on: only validation is reached in these specs.
  controller({ GATEWAY_URL: 'http://127.0.0.1:9', GATEWAY_ADMIN_TOKEN: TOKEN });

describe(DashboardHttpController.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  describe('POST /dashboard/emergency', () => {
    it.each([
      ['neither is set', {}],
      ['only GATEWAY_URL is set', { GATEWAY_URL: 'http://gateway:3000' }],
      ['only GATEWAY_ADMIN_TOKEN is set', { GATEWAY_ADMIN_TOKEN: TOKEN }],
    ])('should answer 503 with a clear message when %s', async (_case, env) => {
      const call = controller(env).switchEmergency(VALID, 'application/json');
      await expect(call).rejects.toThrow(ServiceUnavailableException);
      await expect(controller(env).switchEmergency(VALID, 'application/json')).rejects.toThrow(
        SWITCH_NOT_CONFIGURED,
      );
    });

    it.each([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonp'])(
      'should refuse a body of type %s with 415 (no cross-site form can switch the emergency)',
      async (contentType) => {
        await expect(configured().switchEmergency(VALID, contentType)).rejects.toThrow(
          UnsupportedMediaTypeException,
        );
      },
    );

    it('should refuse an invalid body with 400 before calling the gateway', async () => {
      await expect(
        configured().switchEmergency({ ...VALID, scope: ['nope'] }, 'application/json; charset=utf-8'),
      ).rejects.toThrow(BadRequestException);
    });
  });

  describe('GET /dashboard', () => {
    it('should show the switch disabled, and say why, when the gateway is not configured', () => {
      const page = controller().dashboard();
      expect(page).toContain('data-emergency-switch="disabled"');
      expect(page).toContain('set GATEWAY_URL and GATEWAY_ADMIN_TOKEN');
    });

    it('should enable the switch without ever putting the token in the page', () => {
      const page = configured().dashboard();
      expect(page).toContain('data-emergency-switch="enabled"');
      expect(page).not.toContain(TOKEN);
      expect(page).not.toContain('emergency-disabled');
    });

    it('should carry no inline script, style or event handler (strict CSP)', () => {
      const page = controller({ DASHBOARD_REFRESH_MS: '2000' }).dashboard();
      expect(page).toContain('data-refresh-ms="2000"');
      expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(page).not.toMatch(/<style/i);
      expect(page).not.toMatch(/\son[a-z]+=/i);
      expect(page).not.toMatch(/\sstyle=/i);
    });
  });

  describe('GET /dashboard/assets/:name', () => {
    const reply = (): { reply: FastifyReply; headers: Map<string, string> } => {
      const headers = new Map<string, string>();
      const fake = {
        header(name: string, value: string) {
          headers.set(name.toLowerCase(), value);
          return fake;
        },
      };
      return { reply: fake as unknown as FastifyReply, headers };
    };

    it.each([
      ['chart.umd.min.js', 'application/javascript; charset=utf-8', 'Chart.js v4'],
      ['dashboard.js', 'application/javascript; charset=utf-8', 'HandoverDashboard'],
      ['dashboard-lib.js', 'application/javascript; charset=utf-8', 'dailySeries'],
      ['dashboard.css', 'text/css; charset=utf-8', '.kpis'],
    ])('should serve %s as %s', async (name, contentType, excerpt) => {
      const { reply: fake, headers } = reply();
      const content = await controller().asset(name, fake);
      expect(content).toContain(excerpt);
      expect(headers.get('content-type')).toBe(contentType);
      expect(headers.get('x-content-type-options')).toBe('nosniff');
    });

    it.each(['../package.json', '__proto__', 'constructor', 'chart.umd.js.map', 'dashboard.html'])(
      'should answer 404 for %s: only listed files are served',
      async (name) => {
        await expect(controller().asset(name, reply().reply)).rejects.toThrow(NotFoundException);
      },
    );
  });
});
