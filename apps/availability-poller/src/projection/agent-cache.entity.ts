import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The agents who may take handed-over threads, from GET /users (seed 000: "a centralized file … with
 * the agents sources permissions that will be updated every day or so"). Replaced whole at each refresh.
 */
@Entity({ name: 'agent_cache' })
export class AgentCacheRow {
  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ name: 'via_category', type: 'boolean' })
  viaCategory!: boolean;

  @Column({ name: 'via_team', type: 'boolean' })
  viaTeam!: boolean;
}
