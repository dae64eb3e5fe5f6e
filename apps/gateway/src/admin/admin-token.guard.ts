import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { secretMatcher } from '../webhooks/secret-compare.util';

/** `Authorization: Bearer <GATEWAY_ADMIN_TOKEN>`, compared in constant time; refuses all when no token is set. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly matches: (received: string | undefined) => boolean;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const token = config.GATEWAY_ADMIN_TOKEN;
    this.matches = token === undefined ? () => false : secretMatcher(token);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    if (this.matches(bearerToken(http.getRequest<FastifyRequest>().headers.authorization))) {
      return true;
    }
    void http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedException('Missing or invalid admin token');
  }
}

function bearerToken(header: string | undefined): string | undefined {
  return header?.match(/^Bearer +(\S+)$/i)?.[1];
}
