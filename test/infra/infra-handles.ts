/** Where a piece of infrastructure comes from: given by the caller, a Docker container, or a local process. */
export type InfraKind = 'external' | 'container' | 'local';

export interface KafkaHandle {
  brokers: string[];
  kind: InfraKind;
  /** Stops what this handle started and deletes its data (no-op for external). */
  stop(): Promise<void>;
  /** Stops the broker process but keeps its data and port (throws for external). */
  pause(): Promise<void>;
  /** Starts it again on the same port with the same data; resolves when the broker answers. */
  resume(): Promise<void>;
}

export interface PostgresHandle {
  url: string;
  kind: InfraKind;
  stop(): Promise<void>;
}
