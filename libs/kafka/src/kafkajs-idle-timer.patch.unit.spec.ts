import './kafkajs-idle-timer.patch';

interface Entry {
  correlationId: number;
  resolve: () => void;
  reject: () => void;
}

interface TestQueue {
  push(request: { entry: Entry; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the internal class the patch fixes
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => TestQueue;

describe('kafkajs request queue (patched for kafkajs#1556)', () => {
  const silent = {
    debug: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    info: () => undefined,
  };
  const entry = (correlationId: number): Entry => ({
    correlationId,
    resolve: () => undefined,
    reject: () => undefined,
  });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should keep no timer armed once nothing waits, and still send a request queued behind the in-flight limit', () => {
    const queue = new RequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: 30_000,
      enforceRequestTimeout: false,
      clientId: 'test',
      broker: 'localhost:9092',
      logger: silent,
    });
    const sent: number[] = [];
    const push = (id: number): void =>
      queue.push({ entry: entry(id), expectResponse: true, sendRequest: () => sent.push(id) });

    push(1);
    push(2); // waits: one request in flight at most
    const sentWhileFirstInFlight = [...sent];
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    queue.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
    jest.advanceTimersByTime(100);

    expect(sentWhileFirstInFlight).toEqual([1]);
    expect(sent).toEqual([1, 2]);
    // Unpatched, kafkajs re-arms a timer here forever, about every millisecond.
    expect(jest.getTimerCount()).toBe(0);
  });
});
