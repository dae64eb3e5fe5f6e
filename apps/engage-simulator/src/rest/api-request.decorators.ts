import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { mergeApiParams } from './api-params.util';

export type ApiRequest = FastifyRequest & { apiUserId?: string };

/** Parameters merged from query string, form body and JSON body. */
export const Params = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<ApiRequest>();
  return mergeApiParams(request.query, request.body);
});

/** The user the access token acts as (set by ApiAccessGuard). */
export const ApiUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<ApiRequest>().apiUserId,
);
