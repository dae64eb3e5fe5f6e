import { BaseRpcContext } from '@nestjs/microservices';
import { type EntityManager } from 'typeorm';
import { type BatchScope } from './batch-scope';
import { type ConsumedRecord } from './consumed-record';

/** What a handler gets with `@Ctx()`: the record and the batch transaction it must write through. */
export class ConsumedRecordContext extends BaseRpcContext<[ConsumedRecord, EntityManager, BatchScope]> {
  get record(): ConsumedRecord {
    return this.args[0];
  }

  get manager(): EntityManager {
    return this.args[1];
  }

  /** Shared by the handlers of the batch (see BatchScope). */
  get batch(): BatchScope {
    return this.args[2];
  }
}
