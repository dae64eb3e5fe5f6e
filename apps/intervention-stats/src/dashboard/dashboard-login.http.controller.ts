import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Header,
  HttpCode,
  Inject,
  Logger,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { AllowedHostGuard, SameOriginGuard, SupervisorGuard } from '../access/access.guards';
import {
  crossSiteProblem,
  DASHBOARD_ACCESS,
  type DashboardAccess,
  NO_SUPERVISORS,
} from '../access/dashboard-access';
import { HtmlPageHeaders } from './page/html-page-headers.decorator';
import { LOGIN_CSP, renderLoginPage } from './page/login.page';

/** Signing in and out of the dashboard: a supervisor's token, once, for a signed session cookie. */
@ApiExcludeController()
@Controller('dashboard')
@UseGuards(AllowedHostGuard)
export class DashboardLoginHttpController {
  private readonly logger = new Logger('Dashboard');

  constructor(@Inject(DASHBOARD_ACCESS) private readonly access: DashboardAccess) {}

  @Get('login')
  @HtmlPageHeaders(LOGIN_CSP)
  loginPage(): string {
    return renderLoginPage(this.access.enabled ? undefined : NO_SUPERVISORS);
  }

  /** A form post (or JSON `{token}`): 303 to the dashboard with the session, or the form again with 401. */
  @Post('login')
  @Header('Content-Security-Policy', LOGIN_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  login(
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    const crossSite = crossSiteProblem(request.headers);
    if (crossSite !== undefined) {
      throw new ForbiddenException(crossSite);
    }
    const session = this.access.login((body as { token?: unknown } | null)?.token);
    if (session === undefined) {
      this.logger.warn('Dashboard sign-in refused: unknown token');
      void reply.code(401).header('Content-Type', 'text/html; charset=utf-8');
      return renderLoginPage(
        this.access.enabled ? 'This token is not one of DASHBOARD_USERS.' : NO_SUPERVISORS,
      );
    }
    this.logger.log(`Dashboard sign-in: ${session.supervisor.name}`);
    void reply.code(303).header('Set-Cookie', session.cookie).header('Location', '../dashboard');
    return '';
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(SupervisorGuard, SameOriginGuard)
  logout(@Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('Set-Cookie', this.access.logoutCookie());
  }
}
