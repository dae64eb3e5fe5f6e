import { type AdminToken, parseAdminTokens } from '@handover/config';
import { mountAdminApi } from '@handover/observability';
import { type Type } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ConsumerAppEnv } from '../consumer-app.env';
import { OpsAdminHttpController } from './ops-admin.http.controller';

type AdminEnv = Pick<ConsumerAppEnv, 'ADMIN_TOKENS'>;

/**
 * The ops admin API's controller, for a consumer app's module: none without ADMIN_TOKENS, so its
 * routes answer 404 rather than exist unprotected (as the gateway's admin API).
 */
export function opsAdminControllers(env: AdminEnv): Array<Type<unknown>> {
  return adminTokensOf(env).length === 0 ? [] : [OpsAdminHttpController];
}

/** Authenticates the ops admin API of an app built by createServiceApp, and logs whether it is mounted. */
export function mountOpsAdminApi(app: NestFastifyApplication, env: AdminEnv): void {
  mountAdminApi(app, adminTokensOf(env), {
    routes: '/admin/ops/*',
    unset: 'ADMIN_TOKENS is not set',
  });
}

// The config is validated at load (IsOptionalAdminTokens): a list that does not parse never gets here.
function adminTokensOf(env: AdminEnv): AdminToken[] {
  return parseAdminTokens(env.ADMIN_TOKENS) ?? [];
}
