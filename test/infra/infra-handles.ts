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
  /** Set when started with `secure: true`. */
  secure?: SecureKafkaListener;
}

/** A SASL_SSL listener next to the PLAINTEXT one, set up the way managed Kafka services are. */
export interface SecureKafkaListener {
  brokers: string[];
  /** PEM; the broker's certificate is signed by this CA for 127.0.0.1 and localhost. */
  caFile: string;
  users: SecureKafkaUsers;
  /** PEM files of a certificate the CA signed, for mutual TLS; absent when openssl is not installed. */
  clientCertFile?: string;
  clientKeyFile?: string;
}

export interface SecureKafkaUsers {
  plain: KafkaCredentials;
  scramSha256: KafkaCredentials;
  scramSha512: KafkaCredentials;
}

export interface KafkaCredentials {
  username: string;
  password: string;
}

export type SecureKafkaHandle = KafkaHandle & { secure: SecureKafkaListener };

export interface PostgresHandle {
  url: string;
  kind: InfraKind;
  stop(): Promise<void>;
}
