import { type AdminToken } from '@handover/config';
import { Logger } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { registerAdminRequestHooks } from './admin-request.hooks';

/**
 * Authenticates an app's admin API (/admin/*, internal port only: hardenHttp) with its named
 * tokens, and says in the log whether it is mounted and under which names, never a token. Without
 * tokens nothing is registered: the app mounts no admin controller, so its routes answer 404.
 */
export function mountAdminApi(
  app: NestFastifyApplication,
  tokens: readonly AdminToken[],
  describe: { routes: string; unset: string },
): void {
  const logger = new Logger('AdminApi');
  if (tokens.length === 0) {
    logger.log(`${describe.unset}: the admin API (${describe.routes}) is not mounted`);
    return;
  }
  registerAdminRequestHooks(app.getHttpAdapter().getInstance(), tokens);
  const names = tokens.map((token) => token.name).join(', ');
  logger.log(`Admin API mounted on the internal port: ${describe.routes}, bearer tokens of ${names}`);
}
