import { randomBytes } from 'node:crypto';
import { ENGAGE_EVENTS_SCHEMA_VERSION, RECORD_HEADERS } from '../../libs/contracts/src';
import { SEED_CONTENT_IMPORTED } from '../../test/fixtures';

/** Concurrent conversations the load is spread over: keys land on every partition, as in production. */
const THREADS = 5_000;

const BODY =
  "Bonjour, je n'arrive pas à finaliser ma commande depuis ce matin : le paiement est refusé alors que " +
  "ma carte fonctionne ailleurs. J'ai déjà essayé deux fois avec le même panier et le site m'indique " +
  'une erreur technique. Pouvez-vous vérifier mon compte et me dire comment continuer ? Merci.';

interface Ids {
  envelopeId: string;
  eventId: string;
  issuedAt: string;
  messageId: string;
  foreignId: string;
  threadId: string;
}

export interface BenchRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The seed walkthrough's content.imported envelope (one chat/message event, about 1 KB) with the given ids. */
function envelopeWith(ids: Ids): typeof SEED_CONTENT_IMPORTED {
  const [event] = SEED_CONTENT_IMPORTED.events;
  return {
    ...SEED_CONTENT_IMPORTED,
    id: ids.envelopeId,
    events: [
      {
        ...event,
        id: ids.eventId,
        issued_at: ids.issuedAt,
        resource: {
          ...event.resource,
          id: ids.messageId,
          metadata: {
            ...event.resource.metadata,
            body: BODY,
            first_in_thread: false,
            foreign_id: ids.foreignId,
            thread_id: ids.threadId,
            thread_title: 'Paiement refusé',
          },
        },
      },
    ],
  };
}

/**
 * Webhook bodies with unique envelope, event and message ids (a random prefix per run keeps reruns
 * against a shared broker apart) and thread ids cycling over THREADS conversations.
 */
export class ContentImportedFixture {
  private sequence = 0;
  private readonly runPrefix = randomBytes(4).toString('hex');
  private readonly template: { parts: string[]; order: Array<keyof Ids> };

  constructor() {
    // Serialised once with placeholders, then filled by concatenation: the load generator shares the
    // two cores with the gateway and the broker, so a body must cost next to nothing to produce.
    const placeholders = Object.fromEntries(
      (['envelopeId', 'eventId', 'issuedAt', 'messageId', 'foreignId', 'threadId'] as const).map((name) => [
        name,
        `@@${name}@@`,
      ]),
    ) as unknown as Ids;
    // A capturing split alternates literal text and placeholder names.
    const pieces = JSON.stringify(envelopeWith(placeholders)).split(/@@(\w+)@@/);
    this.template = {
      parts: pieces.filter((_, index) => index % 2 === 0),
      order: pieces.filter((_, index) => index % 2 === 1) as Array<keyof Ids>,
    };
  }

  /** A webhook body as RCED would POST it. */
  nextBody(): string {
    const ids = this.nextIds();
    const { parts, order } = this.template;
    let body = parts[0];
    for (let index = 0; index < order.length; index++) {
      body += ids[order[index]] + parts[index + 1];
    }
    return body;
  }

  /** What the gateway writes for the next webhook: same key, value and headers (webhook-to-records.mapper.ts). */
  nextRecord(): BenchRecord {
    const envelope = envelopeWith(this.nextIds());
    const [event] = envelope.events;
    return {
      key: event.resource.metadata.thread_id,
      value: JSON.stringify({ ...event, envelope_id: envelope.id, domain_id: envelope.domain_id }),
      headers: {
        [RECORD_HEADERS.eventType]: event.type,
        [RECORD_HEADERS.eventId]: event.id,
        [RECORD_HEADERS.schemaVersion]: ENGAGE_EVENTS_SCHEMA_VERSION,
        [RECORD_HEADERS.receivedAt]: new Date().toISOString(),
      },
    };
  }

  private nextIds(): Ids {
    const sequence = this.sequence++;
    const unique = this.runPrefix + sequence.toString(16).padStart(16, '0');
    return {
      envelopeId: `e${unique.slice(1)}`,
      eventId: `a${unique.slice(1)}`,
      issuedAt: new Date().toISOString(),
      messageId: `c${unique.slice(1)}`,
      foreignId: `f${unique.slice(1)}`,
      threadId: `5be5ae57d6cb${(sequence % THREADS).toString(16).padStart(12, '0')}`,
    };
  }
}
