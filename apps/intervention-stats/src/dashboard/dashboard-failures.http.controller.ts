import {
  BadGatewayException,
  Controller,
  GatewayTimeoutException,
  Get,
  Inject,
  NotFoundException,
  Param,
  UseGuards,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AllowedHostGuard, CurrentSupervisor, SupervisorGuard } from '../access/access.guards';
import { type Supervisor } from '../access/dashboard-users';
import {
  INTERVENTION_STATS_CONFIG,
  type InterventionStatsConfig,
  opsApisOf,
} from '../config/intervention-stats.config';
import { DashboardFailuresResponse } from './dashboard-failures.response';
import { type AppFailures, OpsApiClient } from './ops-api.client';
import { FailureDetailResponse } from './ops-failure.response';

/**
 * The dashboard's failures panel: the platform calls given up on and the records parked, counted per
 * app with the latest of each, read from each app's ops admin API server-side; and the detail of one,
 * which the panel links to. Retrying and discarding stay with the operator tools (docs/operations.md).
 */
@ApiTags('dashboard')
@Controller('dashboard/failures')
@UseGuards(AllowedHostGuard, SupervisorGuard)
export class DashboardFailuresHttpController {
  private readonly client: OpsApiClient | null;

  constructor(@Inject(INTERVENTION_STATS_CONFIG) config: InterventionStatsConfig) {
    const apps = opsApisOf(config.OPS_API_URLS);
    this.client =
      apps.length > 0 && config.OPS_API_TOKEN !== undefined
        ? new OpsApiClient({ apps, token: config.OPS_API_TOKEN, timeoutMs: config.GATEWAY_TIMEOUT_MS })
        : null;
  }

  @Get()
  @ApiOperation({ summary: 'Failed effects and parked records per app: counts and the latest five of each' })
  @ApiOkResponse({
    type: DashboardFailuresResponse,
    description: '`configured` false when OPS_API_URLS or OPS_API_TOKEN is unset',
  })
  @ApiUnauthorizedResponse({ description: 'Not signed in (session cookie or bearer token)' })
  async failures(
    @CurrentSupervisor() supervisor: Supervisor,
  ): Promise<{ configured: boolean; apps: AppFailures[] }> {
    return this.client === null
      ? { configured: false, apps: [] }
      : { configured: true, apps: await this.client.failures(supervisor.name) };
  }

  @Get(':app/:kind/:id')
  @ApiOperation({
    summary: 'One failed effect (kind `effects`) or parked record (kind `parked`), with its audit',
  })
  @ApiOkResponse({ type: FailureDetailResponse })
  @ApiUnauthorizedResponse({ description: 'Not signed in (session cookie or bearer token)' })
  async detail(
    @CurrentSupervisor() supervisor: Supervisor,
    @Param('app') app: string,
    @Param('kind') kind: string,
    @Param('id') id: string,
  ): Promise<unknown> {
    if (this.client === null || (kind !== 'effects' && kind !== 'parked')) {
      throw new NotFoundException('No such failure');
    }
    const answer = await this.client.detail(app, kind, id, supervisor.name);
    if (answer.kind === 'found') {
      return answer.body;
    }
    if (answer.status === 404) {
      throw new NotFoundException(answer.message);
    }
    throw answer.status === 504
      ? new GatewayTimeoutException(answer.message)
      : new BadGatewayException(answer.message);
  }
}
