import { type FastifyReply } from 'fastify';

/** Answers from a hook, before the body is read, in Nest's error shape. */
export async function refuseRequest(
  reply: FastifyReply,
  statusCode: number,
  error: string,
  message: string,
): Promise<FastifyReply> {
  return reply.code(statusCode).send({ statusCode, error, message });
}
