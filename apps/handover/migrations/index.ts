import { CreateHandoverProjection1795484653926 } from './1795484653926-CreateHandoverProjection';

export const HANDOVER_MIGRATIONS = [CreateHandoverProjection1795484653926];
