import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import {
  presentContent,
  presentIntervention,
  presentInterventionComment,
  presentThread,
} from '../rest/platform.presenter';
import { ENGAGE_PLATFORM } from '../rest/simulator.tokens';
import { ControlTokenGuard } from './control-token.guard';
import { agentView, customerView } from './thread-views.presenter';

type Json = Record<string, unknown>;

/** One thread as the simulator knows it, as its customer sees it, and as an agent sees it. */
@Controller('_control/threads/:id')
@UseGuards(ControlTokenGuard)
export class ThreadViewsHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Get('timeline')
  timeline(@Param('id') id: string): Json {
    const state = this.platform.state;
    const thread = state.thread(id);
    return {
      thread: presentThread(state, thread),
      contents: state.contentsOf(id).map((content) => presentContent(state, content)),
      interventions: state.interventionsOf(id).map((item) => presentIntervention(state, item)),
      comments: state.commentsOfThread(id).map(presentInterventionComment),
      events: state.outbox.filter((event) => event.resource.metadata.thread_id === id),
    };
  }

  @Get('customer-view')
  customerView(@Param('id') id: string): Json {
    return customerView(this.platform.state, id);
  }

  @Get('agent-view')
  agentView(@Param('id') id: string): Json {
    return agentView(this.platform.state, id);
  }
}
