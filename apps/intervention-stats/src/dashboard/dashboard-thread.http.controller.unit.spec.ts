import { BadRequestException } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { DashboardAccess } from '../access/dashboard-access';
import { loadInterventionStatsConfig } from '../config/intervention-stats.config';
import { DashboardThreadHttpController } from './dashboard-thread.http.controller';

const ALICE = 'alice-token-0123456789abcdef-secret';
const THREAD = '5be1d047e20311250379c2f6';
const access = new DashboardAccess(
  loadInterventionStatsConfig({
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/stats',
    DASHBOARD_USERS: `alice=${ALICE}`,
    DASHBOARD_SESSION_SECRET: 'session-secret-0123456789abcdef-0123456789',
  }),
);

/** GET /dashboard/threads/:threadId, signed in as alice or not; what it answers and where it sends. */
function visit(threadId: string, signedIn: boolean): { body: string; status?: number; location?: string } {
  const cookie = signedIn ? (access.login(ALICE)?.cookie.split(';')[0] ?? '') : '';
  const request = { headers: { host: '127.0.0.1:3004', cookie } } as unknown as FastifyRequest;
  const seen: { status?: number; location?: string } = {};
  const reply = {
    code: (status: number) => ((seen.status = status), reply),
    header: (_name: string, value: string) => ((seen.location = value), reply),
  } as unknown as FastifyReply;
  const body = new DashboardThreadHttpController(access).thread(threadId, request, reply);
  return { body, ...seen };
}

describe(DashboardThreadHttpController.name, () => {
  describe('GET /dashboard/threads/:threadId', () => {
    it("should render the thread's timeline page for a signed-in supervisor, its assets relative to it", () => {
      const { body, status } = visit(THREAD, true);

      expect(status).toBeUndefined();
      expect(body).toContain(`data-thread-id="${THREAD}"`);
      expect(body).toContain('<script src="../assets/thread.js" defer></script>');
      expect(body).toContain('href="../../dashboard"');
      expect(body).not.toContain(ALICE);
    });

    it('should send a visitor who is not signed in to the sign-in page', () => {
      expect(visit(THREAD, false)).toEqual({ body: '', status: 303, location: '../login' });
    });

    it('should refuse a thread id that is not an RCED id, so none reaches the page', () => {
      expect(() => visit('"><script>alert(1)</script>', true)).toThrow(BadRequestException);
    });
  });
});
