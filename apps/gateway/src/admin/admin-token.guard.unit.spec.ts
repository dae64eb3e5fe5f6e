import { type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { type GatewayConfig } from '../config/gateway.config';
import { AdminTokenGuard } from './admin-token.guard';

const TOKEN = 'admin-token-0123456789abcdef';

function contextWith(authorization: string | undefined): {
  context: ExecutionContext;
  headers: Map<string, string>;
} {
  const headers = new Map<string, string>();
  const reply = { header: (name: string, value: string) => headers.set(name, value) };
  const http = { getRequest: () => ({ headers: { authorization } }), getResponse: () => reply };
  return { context: { switchToHttp: () => http } as unknown as ExecutionContext, headers };
}

function guard(token: string | undefined = TOKEN): AdminTokenGuard {
  return new AdminTokenGuard({ GATEWAY_ADMIN_TOKEN: token } as GatewayConfig);
}

describe(AdminTokenGuard.name, () => {
  describe('canActivate', () => {
    it('should let the right bearer token through, whatever the scheme case', () => {
      expect(guard().canActivate(contextWith(`Bearer ${TOKEN}`).context)).toBe(true);
      expect(guard().canActivate(contextWith(`bearer ${TOKEN}`).context)).toBe(true);
    });

    it.each([
      ['no header', undefined],
      ['a wrong token', 'Bearer admin-token-0123456789abcdeX'],
      ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
      ['the token with more after it', `Bearer ${TOKEN}x`],
      ['another scheme', `Basic ${TOKEN}`],
      ['the bare token', TOKEN],
    ])('should refuse %s with 401 and a WWW-Authenticate challenge', (_case, authorization) => {
      const { context, headers } = contextWith(authorization);

      expect(() => guard().canActivate(context)).toThrow(UnauthorizedException);
      expect(headers.get('WWW-Authenticate')).toBe('Bearer');
    });

    it('should never put the token in its refusal', () => {
      const { context } = contextWith(`Bearer ${TOKEN}-wrong`);
      let refusal: unknown;
      try {
        guard().canActivate(context);
      } catch (error) {
        refusal = error;
      }

      expect(refusal).toBeInstanceOf(UnauthorizedException);
      expect(JSON.stringify((refusal as UnauthorizedException).getResponse())).not.toContain(TOKEN);
    });

    it('should refuse everything when no admin token is configured', () => {
      expect(() => guard(undefined).canActivate(contextWith('Bearer undefined').context)).toThrow(
        UnauthorizedException,
      );
    });
  });
});
