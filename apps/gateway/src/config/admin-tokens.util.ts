import { type AdminToken, parseAdminTokens } from '@handover/config';

/**
 * GATEWAY_ADMIN_TOKEN (named `admin`) and GATEWAY_ADMIN_TOKENS (`ops=<token>,dashboard=<token>`)
 * as one list; undefined when GATEWAY_ADMIN_TOKENS breaks ADMIN_TOKENS_FORMAT.
 */
export function gatewayAdminTokens(config: {
  GATEWAY_ADMIN_TOKEN?: string;
  GATEWAY_ADMIN_TOKENS?: string;
}): AdminToken[] | undefined {
  return parseAdminTokens(
    config.GATEWAY_ADMIN_TOKENS,
    config.GATEWAY_ADMIN_TOKEN === undefined ? [] : [{ name: 'admin', token: config.GATEWAY_ADMIN_TOKEN }],
  );
}
