import { ApiProperty } from '@nestjs/swagger';
import { type EmergencySwitchView, LIVE_ROUTES, type LiveRoute, type LiveView } from './live.view';

const COUNT = { type: 'integer', minimum: 0 } as const;
const INSTANT = { format: 'date-time' } as const;
const MAYBE_TEXT = { type: String, nullable: true } as const;

type LiveThreads = LiveView['threads'];
type LiveEmergency = LiveView['emergency'];
type WaitingThread = LiveThreads['waiting'][number];
type SourceAvailability = LiveView['availability'][number];

export class LiveRoutesResponse implements Record<LiveRoute, number> {
  @ApiProperty({ ...COUNT, description: 'with the bot' })
  BOT!: number;

  @ApiProperty({ ...COUNT, description: 'queued for an agent' })
  WAITING!: number;

  @ApiProperty({ ...COUNT, description: 'with agents' })
  AGENT!: number;
}

export class WaitingThreadResponse implements WaitingThread {
  @ApiProperty()
  thread_id!: string;

  @ApiProperty(MAYBE_TEXT)
  source_id!: string | null;

  @ApiProperty(MAYBE_TEXT)
  language!: string | null;

  @ApiProperty({ ...MAYBE_TEXT, description: 'why it was handed over' })
  reason!: string | null;

  @ApiProperty(INSTANT)
  waiting_since!: string;

  @ApiProperty(COUNT)
  waiting_ms!: number;
}

export class LiveThreadsResponse implements LiveThreads {
  @ApiProperty({
    ...INSTANT,
    description: 'threads whose customer wrote, or which handover routed, since then',
  })
  since!: string;

  @ApiProperty({ description: `live threads by who holds them (${LIVE_ROUTES.join(', ')})` })
  by_route!: LiveRoutesResponse;

  @ApiProperty(COUNT)
  total!: number;

  @ApiProperty({ type: [WaitingThreadResponse], description: 'the longest waiting first, at most 100' })
  waiting!: WaitingThreadResponse[];
}

export class SourceAvailabilityResponse implements SourceAvailability {
  @ApiProperty()
  source_id!: string;

  @ApiProperty()
  channel_id!: string;

  @ApiProperty(COUNT)
  available_agents!: number;

  @ApiProperty({ type: [String] })
  agent_ids!: string[];

  @ApiProperty({ ...INSTANT, description: 'the newest poll of the source' })
  observed_at!: string;

  @ApiProperty(COUNT)
  age_ms!: number;
}

export class EmergencySwitchResponse implements EmergencySwitchView {
  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: [String], nullable: true, description: 'null: every source' })
  source_ids!: string[] | null;

  @ApiProperty()
  reason!: string;

  @ApiProperty()
  actor!: string;

  @ApiProperty(INSTANT)
  switched_at!: string;

  @ApiProperty(COUNT)
  threads_in_scope!: number;
}

export class LiveEmergencyResponse implements LiveEmergency {
  @ApiProperty({ description: 'off when it was never switched' })
  active!: boolean;

  @ApiProperty({ type: EmergencySwitchResponse, nullable: true, description: 'the switch in force' })
  current!: EmergencySwitchResponse | null;

  @ApiProperty({ type: [EmergencySwitchResponse], description: 'the switches before it, newest first' })
  history!: EmergencySwitchResponse[];
}

/** GET /analytics/live (docs/metrics.md, "Live"). */
export class LiveResponse implements LiveView {
  @ApiProperty(INSTANT)
  at!: string;

  @ApiProperty(COUNT)
  window_ms!: number;

  @ApiProperty()
  threads!: LiveThreadsResponse;

  @ApiProperty({ type: [SourceAvailabilityResponse] })
  availability!: SourceAvailabilityResponse[];

  @ApiProperty()
  emergency!: LiveEmergencyResponse;
}
