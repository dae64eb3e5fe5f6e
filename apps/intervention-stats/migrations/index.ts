import { CreateInterventionStatsProjection1795487905587 } from './1795487905587-CreateInterventionStatsProjection';

export const INTERVENTION_STATS_MIGRATIONS = [CreateInterventionStatsProjection1795487905587];
