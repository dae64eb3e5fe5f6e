import {
  BadRequestException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { DashboardAccess } from '../access/dashboard-access';
import { loadInterventionStatsConfig } from '../config/intervention-stats.config';
import { DashboardHttpController, SWITCH_NOT_CONFIGURED } from './dashboard.http.controller';
import { type EmergencyAuditRepository } from './emergency-audit.repository';

const TOKEN = 'dashboard-test-token-0123456789abcdef';
const ALICE = 'alice-token-0123456789abcdef-secret';
const BASE = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/stats',
  DASHBOARD_USERS: `alice=${ALICE}`,
  DASHBOARD_SESSION_SECRET: 'session-secret-0123456789abcdef-0123456789',
};
const VALID = { active: true, scope: 'all', reason: 'bot outage' };
const SUPERVISOR = { name: 'alice' };
/** Never reached by these specs: they stop before the audit trail. */
const NO_AUDIT = {} as EmergencyAuditRepository;

function controller(env: Record<string, string> = {}): DashboardHttpController {
  const config = loadInterventionStatsConfig({ ...BASE, ...env });
  return new DashboardHttpController(config, new DashboardAccess(config), NO_AUDIT);
}

/** GET /dashboard as a browser signed in as alice sends it. */
function page(env: Record<string, string> = {}): string {
  const access = new DashboardAccess(loadInterventionStatsConfig({ ...BASE, ...env }));
  const cookie = access.login(ALICE)?.cookie.split(';')[0] ?? '';
  const request = { headers: { host: '127.0.0.1:3004', cookie } } as unknown as FastifyRequest;
  const reply = { code: () => reply, header: () => reply } as unknown as FastifyReply;
  return controller(env).dashboard(request, reply);
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
      const call = controller(env).switchEmergency(VALID, 'application/json', SUPERVISOR);
      await expect(call).rejects.toThrow(ServiceUnavailableException);
      await expect(controller(env).switchEmergency(VALID, 'application/json', SUPERVISOR)).rejects.toThrow(
        SWITCH_NOT_CONFIGURED,
      );
    });

    it.each([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonp'])(
      'should refuse a body of type %s with 415 (no cross-site form can switch the emergency)',
      async (contentType) => {
        await expect(configured().switchEmergency(VALID, contentType, SUPERVISOR)).rejects.toThrow(
          UnsupportedMediaTypeException,
        );
      },
    );

    it('should refuse an invalid body with 400 before calling the gateway', async () => {
      await expect(
        configured().switchEmergency(
          { ...VALID, scope: ['nope'] },
          'application/json; charset=utf-8',
          SUPERVISOR,
        ),
      ).rejects.toThrow(BadRequestException);
    });
  });

  describe('GET /dashboard', () => {
    it('should show the switch disabled, and say why, when the gateway is not configured', () => {
      const html = page();
      expect(html).toContain('data-emergency-switch="disabled"');
      expect(html).toContain('set GATEWAY_URL and GATEWAY_ADMIN_TOKEN');
    });

    it('should enable the switch without ever putting the token in the page', () => {
      const html = page({ GATEWAY_URL: 'http://127.0.0.1:9', GATEWAY_ADMIN_TOKEN: TOKEN });
      expect(html).toContain('data-emergency-switch="enabled"');
      expect(html).not.toContain(TOKEN);
      expect(html).not.toContain(ALICE);
      expect(html).not.toContain('emergency-disabled');
      expect(html).toMatch(/data-csrf-token="[\w-]{43}"/);
      expect(html).toContain('Signed in as <strong id="supervisor">alice</strong>');
    });

    it('should carry no inline script, style or event handler (strict CSP)', () => {
      const html = page({ DASHBOARD_REFRESH_MS: '2000' });
      expect(html).toContain('data-refresh-ms="2000"');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html).not.toMatch(/<style/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      expect(html).not.toMatch(/\sstyle=/i);
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
      ['dashboard-dom.js', 'application/javascript; charset=utf-8', 'HandoverDom'],
      ['thread.js', 'application/javascript; charset=utf-8', 'HandoverDom'],
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
