import { AvailabilityDay } from './availability-day.entity';
import { AvailabilityMinute } from './availability-minute.entity';
import { DailyInterventionRollup } from '../rollup/daily-intervention-rollup.entity';
import { DailyRollup } from '../rollup/daily-rollup.entity';
import { DayChange } from '../rollup/day-change.entity';
import { EmergencyAuditEntry } from '../dashboard/emergency-audit.entity';
import { InterventionStats } from './intervention-stats.entity';
import { EmergencySwitchStats } from './emergency-switch-stats.entity';
import { ProjectionMeta } from './projection-meta.entity';
import { SeriesDay } from './series-day.entity';
import { SeriesMinute } from './series-minute.entity';
import { SourceAvailability } from './source-availability.entity';
import { ThreadBotStats } from './thread-bot-stats.entity';
import { ThreadEngageStats } from './thread-engage-stats.entity';
import { ThreadHandoverStats } from './thread-handover-stats.entity';
import { TimelineEntry } from './timeline-entry.entity';

export {
  AvailabilityDay,
  AvailabilityMinute,
  InterventionStats,
  EmergencySwitchStats,
  ProjectionMeta,
  SeriesDay,
  SeriesMinute,
  SourceAvailability,
  ThreadBotStats,
  ThreadEngageStats,
  ThreadHandoverStats,
  TimelineEntry,
};

export const PROJECTION_ENTITIES = [
  InterventionStats,
  ThreadEngageStats,
  ThreadBotStats,
  ThreadHandoverStats,
  TimelineEntry,
  SourceAvailability,
  EmergencySwitchStats,
  SeriesMinute,
  SeriesDay,
  AvailabilityMinute,
  AvailabilityDay,
  DailyRollup,
  DailyInterventionRollup,
  DayChange,
  ProjectionMeta,
  // Not a projection: the dashboard's audit trail, kept across rebuilds (not in the lists below).
  EmergencyAuditEntry,
];

/** Rebuilt and compared by replay (projection_meta is bookkeeping, not data). */
export const PROJECTION_TABLES = [
  'stats_intervention',
  'stats_thread_engage',
  'stats_thread_bot',
  'stats_thread_handover',
  'stats_timeline',
  'stats_source_availability',
  'stats_emergency',
  'stats_series_minute',
  'stats_series_day',
  'stats_availability_minute',
  'stats_availability_day',
];

/** Derived from the tables above (so not compared by replay), emptied with them. */
export const ROLLUP_TABLES = ['stats_daily', 'stats_daily_intervention', 'stats_day_change'];

/**
 * Bump when a metric's definition changes what is stored: on start, a projection of another
 * version is emptied and rebuilt from offset 0 under a consumer group of this version.
 */
export const PROJECTION_VERSION = 6;
