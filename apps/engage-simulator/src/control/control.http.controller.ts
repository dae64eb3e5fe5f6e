import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { type Busyness, type PlatformEvent } from '../platform/platform.types';
import { ApiCallLog, type ApiCall } from '../rest/api-call.log';
import { presentContent, presentIntervention, presentThread } from '../rest/platform.presenter';
import { API_CALL_LOG, ENGAGE_PLATFORM, FAULT_PLAN } from '../rest/simulator.tokens';
import { FaultPlan, type FaultRule } from '../faults/fault-plan';
import { FaultRuleDto } from './fault-rule.dto';
import { AgentChannelStatusDto, AgentReplyDto, CustomerMessageDto } from './control.dto';
import { ControlTokenGuard } from './control-token.guard';
import { controlValidationPipe } from './control-validation.pipe';

type Json = Record<string, unknown>;

/** Drives the simulated platform from tests and the demo; not part of RCED's API. */
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

  @Post('customer-messages')
  @HttpCode(200)
  customerMessage(@Body() message: CustomerMessageDto): Json {
    return presentContent(this.platform.state, this.platform.receiveCustomerMessage(message));
  }

  /** An agent replies from RCED's interface (the thread's intervention becomes theirs). */
  @Post('agents/:agentId/replies')
  @HttpCode(200)
  agentReply(@Param('agentId') agentId: string, @Body() reply: AgentReplyDto): Json {
    return presentContent(
      this.platform.state,
      this.platform.agentReply(agentId, reply.in_reply_to_id, reply.body),
    );
  }

  /** An agent completes the task: RCED fires intervention.closed. */
  @Put('agents/:agentId/interventions/:interventionId/close')
  agentClosesIntervention(
    @Param('agentId') agentId: string,
    @Param('interventionId') interventionId: string,
  ): Json {
    return presentIntervention(this.platform.state, this.platform.closeIntervention(agentId, interventionId));
  }

  /** Connects the agent on the channel; `busyness`, when given, pins what GET /1.0/status reports. */
  @Put('agents/:agentId/channels/:channelId')
  agentChannelStatus(
    @Param('agentId') agentId: string,
    @Param('channelId') channelId: string,
    @Body() body: AgentChannelStatusDto,
  ): { agent_id: string; channel_id: string; status: string; busyness: Busyness | null } {
    this.platform.setAgentChannelStatus(agentId, channelId, body.status, body.busyness);
    return { agent_id: agentId, channel_id: channelId, status: body.status, busyness: body.busyness ?? null };
  }

  @Delete('agents/:agentId/presence')
  disconnect(@Param('agentId') agentId: string): { agent_id: string; connected: false } {
    this.platform.disconnectAgent(agentId);
    return { agent_id: agentId, connected: false };
  }

  @Get('api-calls')
  apiCalls(): ApiCall[] {
    return this.calls.calls;
  }

  @Get('events')
  events(): PlatformEvent[] {
    return this.platform.state.outbox;
  }

  @Get('threads/:id/timeline')
  timeline(@Param('id') id: string): Json {
    const state = this.platform.state;
    const thread = state.thread(id);
    return {
      thread: presentThread(state, thread),
      contents: state.contentsOf(id).map((content) => presentContent(state, content)),
      interventions: state.interventionsOf(id).map((item) => presentIntervention(state, item)),
      events: state.outbox.filter((event) => event.resource.metadata.thread_id === id),
    };
  }
}
