import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { crossSiteProblem, DASHBOARD_ACCESS, type DashboardAccess, NO_SUPERVISORS } from './dashboard-access';
import { type Supervisor } from './dashboard-users';

type SignedRequest = FastifyRequest & { supervisor?: Supervisor };

export const HOST_REFUSED = 'The Host header is not one of DASHBOARD_ALLOWED_HOSTS';

/** Refuses a Host this app is not known by (DNS rebinding), before anything else is read. */
@Injectable()
export class AllowedHostGuard implements CanActivate {
  constructor(@Inject(DASHBOARD_ACCESS) private readonly access: DashboardAccess) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.access.hostAllowed(context.switchToHttp().getRequest<FastifyRequest>().headers)) {
      throw new ForbiddenException(HOST_REFUSED);
    }
    return true;
  }
}

/** A signed-in supervisor (session cookie or bearer token), or 401. */
@Injectable()
export class SupervisorGuard implements CanActivate {
  constructor(@Inject(DASHBOARD_ACCESS) private readonly access: DashboardAccess) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const supervisor = this.access.authenticate(request.headers);
    if (supervisor === undefined) {
      void context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .header('WWW-Authenticate', 'Bearer realm="intervention-stats"');
      throw new UnauthorizedException(
        this.access.enabled
          ? 'Sign in at /dashboard/login, or send Authorization: Bearer <your DASHBOARD_USERS token>'
          : NO_SUPERVISORS,
      );
    }
    request.supervisor = supervisor;
    return true;
  }
}

/** A state-changing request from the dashboard page itself: same origin, with its CSRF token. */
@Injectable()
export class SameOriginGuard implements CanActivate {
  constructor(@Inject(DASHBOARD_ACCESS) private readonly access: DashboardAccess) {}

  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<FastifyRequest>();
    const problem = crossSiteProblem(headers) ?? this.access.csrfProblem(headers);
    if (problem !== undefined) {
      throw new ForbiddenException(problem);
    }
    return true;
  }
}

/** The supervisor SupervisorGuard signed in. */
export const CurrentSupervisor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Supervisor => {
    const supervisor = context.switchToHttp().getRequest<SignedRequest>().supervisor;
    if (supervisor === undefined) {
      throw new UnauthorizedException('Not signed in');
    }
    return supervisor;
  },
);
