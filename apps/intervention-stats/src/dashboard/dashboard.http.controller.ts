import { SAME_ORIGIN_PAGE_CSP } from '@handover/observability';
import {
  BadGatewayException,
  Body,
  Controller,
  GatewayTimeoutException,
  Get,
  Headers,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import {
  AllowedHostGuard,
  CurrentSupervisor,
  SameOriginGuard,
  SupervisorGuard,
} from '../access/access.guards';
import { DASHBOARD_ACCESS, type DashboardAccess } from '../access/dashboard-access';
import { type Supervisor } from '../access/dashboard-users';
import { INTERVENTION_STATS_CONFIG, type InterventionStatsConfig } from '../config/intervention-stats.config';
import { dashboardAsset } from './dashboard.assets';
import { DashboardAuditResponse } from './dashboard-audit.response';
import { DashboardEmergencyRequest, parseDashboardEmergencyRequest } from './dashboard-emergency.request';
import {
  type AuditEntryView,
  EMERGENCY_AUDIT,
  type EmergencyAuditRepository,
} from './emergency-audit.repository';
import { type EmergencySwitchAccepted, GatewayAdminClient } from './gateway-admin.client';
import { type DashboardPageOptions, renderDashboardPage } from './page/dashboard.page';
import { HtmlPageHeaders } from './page/html-page-headers.decorator';

/** The page loads its own scripts, styles and API only: no inline code, no third party. */
export const DASHBOARD_CSP = SAME_ORIGIN_PAGE_CSP;

export const SWITCH_NOT_CONFIGURED =
  'The emergency switch is not configured: set GATEWAY_URL and GATEWAY_ADMIN_TOKEN on intervention-stats';

/** The switches the dashboard lists in its audit trail. */
const AUDIT_LISTED = 20;

/**
 * The live dashboard (GET /dashboard) and its emergency switch, which calls the gateway server-side,
 * for signed-in supervisors only (ADR 0010).
 */
@ApiTags('dashboard')
@Controller('dashboard')
@UseGuards(AllowedHostGuard)
export class DashboardHttpController {
  private readonly logger = new Logger('Dashboard');
  private readonly page: Omit<DashboardPageOptions, 'supervisor' | 'csrfToken'>;
  private readonly gateway: GatewayAdminClient | null;

  constructor(
    @Inject(INTERVENTION_STATS_CONFIG) config: InterventionStatsConfig,
    @Inject(DASHBOARD_ACCESS) private readonly access: DashboardAccess,
    @Inject(EMERGENCY_AUDIT) private readonly audit: EmergencyAuditRepository,
  ) {
    const { GATEWAY_URL: url, GATEWAY_ADMIN_TOKEN: token } = config;
    this.gateway =
      url !== undefined && token !== undefined
        ? new GatewayAdminClient({ url, token, timeoutMs: config.GATEWAY_TIMEOUT_MS })
        : null;
    if ((url === undefined) !== (token === undefined)) {
      this.logger.warn(
        `The dashboard's emergency switch is disabled: ${url === undefined ? 'GATEWAY_URL' : 'GATEWAY_ADMIN_TOKEN'} is unset`,
      );
    }
    this.page = {
      refreshMs: config.DASHBOARD_REFRESH_MS,
      liveWindowMs: config.LIVE_WINDOW_MS,
      switchEnabled: this.gateway !== null,
    };
  }

  @Get()
  @ApiOperation({
    summary:
      'The live dashboard (HTML): filters kept in the URL (range, from, to, source_id, language), KPI cards, ' +
      'charts per day and over time, live threads by owner, availability per source, failures, the emergency switch',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description:
      'The page, for a signed-in supervisor; it reads /analytics/summary, /analytics/daily, /analytics/timeseries, ' +
      '/analytics/live, /dashboard/audit, /dashboard/failures and /dashboard/names',
  })
  @ApiResponse({ status: 303, description: 'Not signed in: to /dashboard/login' })
  @ApiResponse({ status: 403, description: 'The Host header is not one of DASHBOARD_ALLOWED_HOSTS' })
  @HtmlPageHeaders(DASHBOARD_CSP)
  dashboard(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    const supervisor = this.access.authenticate(request.headers);
    const csrfToken = this.access.csrfToken(request.headers);
    if (supervisor === undefined || csrfToken === undefined) {
      void reply.code(303).header('Location', 'dashboard/login');
      return '';
    }
    return renderDashboardPage({ ...this.page, supervisor: supervisor.name, csrfToken });
  }

  @Get('audit')
  @UseGuards(SupervisorGuard)
  @ApiOperation({
    summary:
      'The audit trail of the emergency switches made from the dashboard, newest first: who, when, what, ' +
      "the gateway's answer, and when handover applied it",
  })
  @ApiOkResponse({ type: DashboardAuditResponse })
  @ApiUnauthorizedResponse({ description: 'Not signed in (session cookie or bearer token)' })
  async auditTrail(): Promise<{ entries: AuditEntryView[] }> {
    return { entries: await this.audit.latest(AUDIT_LISTED) };
  }

  @Get('assets/:name')
  @ApiExcludeEndpoint()
  async asset(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const asset = dashboardAsset(name);
    if (asset === undefined) {
      throw new NotFoundException('No such dashboard asset');
    }
    const content = await asset.load();
    void reply
      .header('Content-Type', asset.contentType)
      .header('Cache-Control', asset.cacheControl)
      .header('X-Content-Type-Options', 'nosniff');
    return content;
  }

  @Post('emergency')
  @HttpCode(202)
  @UseGuards(SupervisorGuard, SameOriginGuard)
  @ApiOperation({
    summary:
      "Switch the emergency handover on or off: calls the gateway's POST /admin/emergency with GATEWAY_ADMIN_TOKEN " +
      'for the signed-in supervisor (X-Acting-For), kept in the audit trail first; handover applies it, and ' +
      'GET /analytics/live shows it once applied. Needs the session cookie and its CSRF token (X-CSRF-Token), ' +
      'from the same origin',
  })
  @ApiBody({ type: DashboardEmergencyRequest })
  @ApiAcceptedResponse({
    description: 'The gateway accepted the switch: its answer (command_id, active, source_ids, issued_at)',
  })
  @ApiBadRequestResponse({ description: 'A field is missing, unknown or invalid; the message names it' })
  @ApiUnauthorizedResponse({ description: 'Not signed in' })
  @ApiResponse({
    status: 403,
    description:
      'Foreign Host, cross-site Origin or Sec-Fetch-Site, or no valid CSRF token: nothing is switched',
  })
  @ApiResponse({ status: 415, description: 'The body is not application/json' })
  @ApiResponse({
    status: 502,
    description: 'The gateway refused the switch or is unreachable; the message says why',
  })
  @ApiResponse({
    status: 503,
    description: 'GATEWAY_URL or GATEWAY_ADMIN_TOKEN is unset: the switch is disabled',
  })
  @ApiResponse({ status: 504, description: 'The gateway did not answer within GATEWAY_TIMEOUT_MS' })
  async switchEmergency(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentSupervisor() supervisor: Supervisor,
  ): Promise<EmergencySwitchAccepted> {
    if (this.gateway === null) {
      throw new ServiceUnavailableException(SWITCH_NOT_CONFIGURED);
    }
    // JSON only: a cross-site page cannot send it without a CORS preflight, which this app never grants.
    if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
      throw new UnsupportedMediaTypeException('The body must be application/json');
    }
    const request = parseDashboardEmergencyRequest(body);
    const what = `${supervisor.name} switched the emergency ${request.active ? 'ON' : 'OFF'} for ${
      request.scope === 'all' ? 'all sources' : request.scope.join(', ')
    }`;
    const auditId = await this.audit.requested(supervisor.name, request, new Date());
    const answer = await this.gateway.switchEmergency(request, supervisor.name);
    // The switch is already on record as asked: a failure to note its answer must not hide the answer.
    await this.audit.answered(auditId, answer, new Date()).catch((error: unknown) => {
      this.logger.error(`The audit trail could not record the answer to ${auditId}: ${String(error)}`);
    });
    if (answer.kind === 'accepted') {
      this.logger.warn(
        `Dashboard switch: ${what}; the gateway accepted command ${answer.accepted.command_id}`,
      );
      return answer.accepted;
    }
    this.logger.error(`Dashboard switch: ${what} failed: ${answer.message}`);
    throw answer.status === 504
      ? new GatewayTimeoutException(answer.message)
      : new BadGatewayException(answer.message);
  }
}
