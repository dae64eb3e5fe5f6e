import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { type Busyness } from '../platform/platform.types';
import { presentContent, presentIntervention, presentThread } from '../rest/platform.presenter';
import { ENGAGE_PLATFORM } from '../rest/simulator.tokens';
import { AgentCategoriesDto, AgentChannelStatusDto, AgentReplyDto } from './control.dto';
import { ControlTokenGuard } from './control-token.guard';
import { controlValidationPipe } from './control-validation.pipe';

type Json = Record<string, unknown>;

/**
 * What agents do in RCED's console, without the API: the platform applies the same rules as for a
 * token of theirs (permissions included) and records the webhooks RCED would send.
 */
@Controller('_control/agents/:agentId')
@UseGuards(ControlTokenGuard)
@UsePipes(controlValidationPipe())
export class AgentConsoleHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  /** An agent replies (the thread's intervention becomes theirs): content.replied, content.exported. */
  @Post('replies')
  @HttpCode(200)
  reply(@Param('agentId') agentId: string, @Body() reply: AgentReplyDto): Json {
    const content = this.platform.contents.agentReply(agentId, reply.in_reply_to_id, reply.body);
    return presentContent(this.platform.state, content);
  }

  /** An agent completes the task: intervention.closed. */
  @Put('interventions/:interventionId/close')
  close(@Param('agentId') agentId: string, @Param('interventionId') interventionId: string): Json {
    const intervention = this.platform.interventions.close(this.agent(agentId), interventionId);
    return presentIntervention(this.platform.state, intervention);
  }

  /** An agent reopens a closed intervention: intervention.reopened with their user_id. */
  @Put('interventions/:interventionId/reopen')
  reopen(@Param('agentId') agentId: string, @Param('interventionId') interventionId: string): Json {
    const intervention = this.platform.interventions.reopenByAgent(this.agent(agentId), interventionId);
    return presentIntervention(this.platform.state, intervention);
  }

  /** An agent recategorizes the thread (e.g. BOT → AGENT): intervention.recategorized if one is open. */
  @Put('threads/:threadId/categories')
  recategorize(
    @Param('agentId') agentId: string,
    @Param('threadId') threadId: string,
    @Body() body: AgentCategoriesDto,
  ): Json {
    const thread = this.platform.threads.updateCategories(this.agent(agentId), threadId, body.category_ids);
    return presentThread(this.platform.state, thread);
  }

  /** Connects the agent on the channel; `busyness`, when given, pins what GET /1.0/status reports. */
  @Put('channels/:channelId')
  channelStatus(
    @Param('agentId') agentId: string,
    @Param('channelId') channelId: string,
    @Body() body: AgentChannelStatusDto,
  ): { agent_id: string; channel_id: string; status: string; busyness: Busyness | null } {
    this.platform.presence.setAgentChannelStatus(agentId, channelId, body.status, body.busyness);
    return { agent_id: agentId, channel_id: channelId, status: body.status, busyness: body.busyness ?? null };
  }

  @Delete('presence')
  disconnect(@Param('agentId') agentId: string): { agent_id: string; connected: false } {
    this.platform.presence.disconnectAgent(agentId);
    return { agent_id: agentId, connected: false };
  }

  /** An unknown agent is a 404 on the user, before anything about the thread or intervention. */
  private agent(agentId: string): string {
    return this.platform.state.user(agentId).id;
  }
}
