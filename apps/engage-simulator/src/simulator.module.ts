import { ObservabilityModule } from '@handover/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { SIMULATOR_CONFIG, type SimulatorConfig } from './config/simulator.config';
import { AgentConsoleHttpController } from './control/agent-console.http.controller';
import { ControlHttpController } from './control/control.http.controller';
import { SourceSideHttpController } from './control/source-side.http.controller';
import { ThreadViewsHttpController } from './control/thread-views.http.controller';
import { ControlTokenGuard } from './control/control-token.guard';
import { type FaultPlan } from './faults/fault-plan';
import { type EngagePlatform } from './platform/engage-platform.model';
import { ApiAccessGuard } from './rest/api-access.guard';
import { ApiCallLog } from './rest/api-call.log';
import { ContentThreadsHttpController } from './rest/content-threads.http.controller';
import { ContentsHttpController } from './rest/contents.http.controller';
import { DirectoryHttpController } from './rest/directory.http.controller';
import { IdentitiesHttpController } from './rest/identities.http.controller';
import { InterventionCommentsHttpController } from './rest/intervention-comments.http.controller';
import { InterventionsHttpController } from './rest/interventions.http.controller';
import { SourcesHttpController } from './rest/sources.http.controller';
import {
  API_CALL_LOG,
  API_TOKENS,
  type ApiTokens,
  ENGAGE_PLATFORM,
  FAULT_PLAN,
  RATE_LIMITER,
} from './rest/simulator.tokens';
import { type SlidingWindowRateLimiter } from './rest/sliding-window.rate-limiter';

export interface SimulatorRuntime {
  config: Readonly<SimulatorConfig>;
  platform: EngagePlatform;
  tokens: ApiTokens;
  limiter: SlidingWindowRateLimiter;
  calls: ApiCallLog;
  faults: FaultPlan;
}

@Module({})
export class SimulatorModule {
  static forRoot(runtime: SimulatorRuntime): DynamicModule {
    return {
      module: SimulatorModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'engage-simulator', logLevel: runtime.config.LOG_LEVEL }),
      ],
      controllers: [
        InterventionsHttpController,
        InterventionCommentsHttpController,
        ContentsHttpController,
        ContentThreadsHttpController,
        SourcesHttpController,
        IdentitiesHttpController,
        DirectoryHttpController,
        ControlHttpController,
        SourceSideHttpController,
        AgentConsoleHttpController,
        ThreadViewsHttpController,
      ],
      providers: [
        { provide: SIMULATOR_CONFIG, useValue: runtime.config },
        { provide: ENGAGE_PLATFORM, useValue: runtime.platform },
        { provide: API_TOKENS, useValue: runtime.tokens },
        { provide: RATE_LIMITER, useValue: runtime.limiter },
        { provide: API_CALL_LOG, useValue: runtime.calls },
        { provide: FAULT_PLAN, useValue: runtime.faults },
        ApiAccessGuard,
        ControlTokenGuard,
      ],
    };
  }
}
