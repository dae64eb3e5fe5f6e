import { type FastifyRequest } from 'fastify';

/** The access token of a /1.0 call (§2.1): `Authorization: Bearer`, else `access_token` in query or form. */
export function apiTokenOf(request: Pick<FastifyRequest, 'headers' | 'query' | 'body'>): string | undefined {
  const header = request.headers.authorization;
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const fromParams = [request.query, request.body]
    .map((source) =>
      source && typeof source === 'object' ? (source as Record<string, unknown>).access_token : undefined,
    )
    .find((value): value is string => typeof value === 'string' && value !== '');
  return bearer ?? fromParams;
}
