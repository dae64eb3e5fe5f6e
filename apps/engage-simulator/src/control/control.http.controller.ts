import { Body, Controller, Delete, Get, HttpCode, Put, UseGuards, UsePipes, Inject } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { type PlatformEvent } from '../platform/platform.types';
import { ApiCallLog, type ApiCall } from '../rest/api-call.log';
import { API_CALL_LOG, ENGAGE_PLATFORM, FAULT_PLAN } from '../rest/simulator.tokens';
import { FaultPlan, type FaultRule } from '../faults/fault-plan';
import { FaultRuleDto } from './fault-rule.dto';
import { ControlTokenGuard } from './control-token.guard';
import { controlValidationPipe } from './control-validation.pipe';

/** Drives the simulator itself from tests and the demo (faults) and shows what it did; not RCED's API. */
@Controller('_control')
@UseGuards(ControlTokenGuard)
@UsePipes(controlValidationPipe())
export class ControlHttpController {
  constructor(
    @Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform,
    @Inject(API_CALL_LOG) private readonly calls: ApiCallLog,
    @Inject(FAULT_PLAN) private readonly faults: FaultPlan,
  ) {}

  /** Sets (or replaces) the fault rule of one endpoint. */
  @Put('faults')
  setFault(@Body() rule: FaultRuleDto): FaultRule[] {
    this.faults.set({
      endpoint: rule.endpoint,
      errorRate: rule.error_rate,
      errorStatus: rule.error_status,
      rateLimitBurst: rule.rate_limit_burst,
      latencyMs: rule.latency_ms,
      hang: rule.hang,
      dropAfterWrite: rule.drop_after_write,
      remaining: rule.remaining,
    });
    return this.faults.list();
  }

  @Get('faults')
  listFaults(): FaultRule[] {
    return this.faults.list();
  }

  @Delete('faults')
  @HttpCode(204)
  clearFaults(): void {
    this.faults.clear();
  }

  @Get('api-calls')
  apiCalls(): ApiCall[] {
    return this.calls.calls;
  }

  /** The outbox: every webhook event RCED would send, in order (delivered when a URL is configured). */
  @Get('events')
  events(): PlatformEvent[] {
    return this.platform.state.outbox;
  }
}
