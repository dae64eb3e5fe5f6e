import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { RethrowRpcExceptionFilter } from './rethrow-rpc-exception.filter';

/**
 * A controller of `@EventPattern` handlers on the batched consumer. Nest binds exception filters
 * when the microservice is connected, so the filter that hands the real error back to the runtime
 * is declared here, on the class, rather than registered globally afterwards.
 */
export function KafkaController(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(RethrowRpcExceptionFilter));
}
