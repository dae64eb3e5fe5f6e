import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { OperationError, OperationErrorCode } from '../operations/operation.exception';

const ANSWERS: Record<OperationErrorCode, { statusCode: number; error: string }> = {
  [OperationErrorCode.NotFound]: { statusCode: 404, error: 'Not Found' },
  [OperationErrorCode.WrongState]: { statusCode: 409, error: 'Conflict' },
  [OperationErrorCode.Unsafe]: { statusCode: 409, error: 'Conflict' },
  [OperationErrorCode.InvalidRequest]: { statusCode: 400, error: 'Bad Request' },
  [OperationErrorCode.KafkaFailed]: { statusCode: 503, error: 'Service Unavailable' },
};

/**
 * A refused operator action as an HTTP answer in Nest's error shape, plus the operation's `code`:
 * nothing was changed, and the message says why (it never holds a secret).
 */
@Catch(OperationError)
export class OperationErrorFilter implements ExceptionFilter<OperationError> {
  catch(error: OperationError, host: ArgumentsHost): void {
    const answer = ANSWERS[error.code];
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .code(answer.statusCode)
      .send({ ...answer, message: error.message, code: error.code });
  }
}
