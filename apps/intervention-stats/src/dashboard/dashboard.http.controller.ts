import {
  BadGatewayException,
  Body,
  Controller,
  GatewayTimeoutException,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Post,
  Res,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
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
} from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { INTERVENTION_STATS_CONFIG, type InterventionStatsConfig } from '../config/intervention-stats.config';
import { dashboardAsset } from './dashboard.assets';
import { DashboardEmergencyRequest, parseDashboardEmergencyRequest } from './dashboard-emergency.request';
import { type EmergencySwitchAccepted, GatewayAdminClient } from './gateway-admin.client';
import { renderDashboardPage } from './page/dashboard.page';

/** The page loads its own scripts, styles and API only: no inline code, no third party. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SWITCH_NOT_CONFIGURED =
  'The emergency switch is not configured: set GATEWAY_URL and GATEWAY_ADMIN_TOKEN on intervention-stats';

/** The live dashboard (GET /dashboard) and its emergency switch, which calls the gateway server-side. */
@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardHttpController {
  private readonly logger = new Logger('Dashboard');
  private readonly page: string;
  private readonly gateway: GatewayAdminClient | null;

  constructor(@Inject(INTERVENTION_STATS_CONFIG) config: InterventionStatsConfig) {
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
    this.page = renderDashboardPage({
      refreshMs: config.DASHBOARD_REFRESH_MS,
      liveWindowMs: config.LIVE_WINDOW_MS,
      switchEnabled: this.gateway !== null,
    });
  }

  @Get()
  @ApiOperation({
    summary:
      'The live dashboard (HTML): KPI cards, charts per day, live threads by owner, availability per source, ' +
      'the emergency switch',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'The page; it reads /analytics/summary, /analytics/daily and /analytics/live',
  })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', DASHBOARD_CSP)
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'no-referrer')
  dashboard(): string {
    return this.page;
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
  @ApiOperation({
    summary:
      "Switch the emergency handover on or off: calls the gateway's POST /admin/emergency with GATEWAY_ADMIN_TOKEN " +
      '(actor "dashboard"); handover applies it, and GET /analytics/live shows it once applied',
  })
  @ApiBody({ type: DashboardEmergencyRequest })
  @ApiAcceptedResponse({
    description: 'The gateway accepted the switch: its answer (command_id, active, source_ids, issued_at)',
  })
  @ApiBadRequestResponse({ description: 'A field is missing, unknown or invalid; the message names it' })
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
  ): Promise<EmergencySwitchAccepted> {
    if (this.gateway === null) {
      throw new ServiceUnavailableException(SWITCH_NOT_CONFIGURED);
    }
    // JSON only: a cross-site page cannot send it without a CORS preflight, which this app never grants.
    if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
      throw new UnsupportedMediaTypeException('The body must be application/json');
    }
    const request = parseDashboardEmergencyRequest(body);
    const what = `emergency ${request.active ? 'ON' : 'OFF'} for ${
      request.scope === 'all' ? 'all sources' : request.scope.join(', ')
    }`;
    const answer = await this.gateway.switchEmergency(request);
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
