import { CreateInterventionStatsProjection1795487905587 } from './1795487905587-CreateInterventionStatsProjection';
import { AddLiveDashboardProjection1795489011878 } from './1795489011878-AddLiveDashboardProjection';
import { AddInterventionStats1795489848033 } from './1795489848033-AddInterventionStats';
import { AddDailyRollup1795493312385 } from './1795493312385-AddDailyRollup';
import { KeyTimelineByThread1795495241049 } from './1795495241049-KeyTimelineByThread';
import { CreateDashboardEmergencyAudit1796543166225 } from './1796543166225-CreateDashboardEmergencyAudit';
import { AddTimeSeriesProjection1796592992274 } from './1796592992274-AddTimeSeriesProjection';

export const INTERVENTION_STATS_MIGRATIONS = [
  CreateInterventionStatsProjection1795487905587,
  AddLiveDashboardProjection1795489011878,
  AddInterventionStats1795489848033,
  AddDailyRollup1795493312385,
  KeyTimelineByThread1795495241049,
  CreateDashboardEmergencyAudit1796543166225,
  AddTimeSeriesProjection1796592992274,
];
