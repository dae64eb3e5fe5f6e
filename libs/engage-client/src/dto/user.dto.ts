/** OpenAPI schema `User`: the fields the handover relies on. */
export interface EngageUser {
  id: string;
  firstname: string;
  lastname: string;
  nickname: string | null;
  email: string;
  enabled: boolean;
  category_ids: string[];
  team_ids: string[];
  identity_ids: string[];
  spoken_languages: string[];
}

/** Engage filters users by one category or one team. */
export interface ListUsersFilter {
  categoryId?: string;
  teamId?: string;
}
