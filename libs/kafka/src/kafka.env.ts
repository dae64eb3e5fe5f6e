import { HttpServerEnv, ToInt, ToList } from '@handover/config';
import {
  ArrayNotEmpty,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

const usesSasl = (env: KafkaEnv): boolean => env.KAFKA_SECURITY_PROTOCOL.startsWith('SASL_');

/** Kafka settings shared by every app (with the HTTP server's); an app's env class extends it. */
export class KafkaEnv extends HttpServerEnv {
  @ToList()
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(/^[^\s:,]+:\d{1,5}$/, {
    each: true,
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS!: string[];

  @IsString()
  @IsNotEmpty()
  KAFKA_CLIENT_ID: string = 'handover';

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  KAFKA_ACK_TIMEOUT_MS: number = 5_000;

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(1_000)
  KAFKA_LINGER_MS: number = 2;

  @ToInt()
  @IsInt()
  @Min(1)
  KAFKA_MAX_BUFFERED_RECORDS: number = 20_000;

  /** Kafka's own names: TLS with SSL and SASL_SSL, SASL credentials with SASL_PLAINTEXT and SASL_SSL. */
  @IsIn(KAFKA_SECURITY_PROTOCOLS, {
    message: `KAFKA_SECURITY_PROTOCOL must be one of ${KAFKA_SECURITY_PROTOCOLS.join(', ')}`,
  })
  KAFKA_SECURITY_PROTOCOL: (typeof KAFKA_SECURITY_PROTOCOLS)[number] = 'PLAINTEXT';

  /** PEM file of the CA(s) the brokers' certificates chain to; unset: the system's CAs. */
  @IsOptional()
  @IsString()
  KAFKA_SSL_CA_FILE?: string = undefined;

  /** PEM client certificate and key, when the brokers ask for one (mutual TLS): both or neither. */
  @ValidateIf((env: KafkaEnv) => env.KAFKA_SSL_KEY_FILE !== undefined)
  @IsString({ message: 'KAFKA_SSL_CERT_FILE must be set with KAFKA_SSL_KEY_FILE' })
  KAFKA_SSL_CERT_FILE?: string = undefined;

  @ValidateIf((env: KafkaEnv) => env.KAFKA_SSL_CERT_FILE !== undefined)
  @IsString({ message: 'KAFKA_SSL_KEY_FILE must be set with KAFKA_SSL_CERT_FILE' })
  KAFKA_SSL_KEY_FILE?: string = undefined;

  @ValidateIf(usesSasl)
  @IsIn(KAFKA_SASL_MECHANISMS, {
    message: `KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')} with a SASL_ protocol`,
  })
  KAFKA_SASL_MECHANISM?: (typeof KAFKA_SASL_MECHANISMS)[number] = undefined;

  @ValidateIf(usesSasl)
  @IsString({ message: 'KAFKA_SASL_USERNAME must be set with a SASL_ protocol' })
  @IsNotEmpty({ message: 'KAFKA_SASL_USERNAME must be set with a SASL_ protocol' })
  KAFKA_SASL_USERNAME?: string = undefined;

  /** Also as a file: KAFKA_SASL_PASSWORD_FILE. */
  @ValidateIf(usesSasl)
  @IsString({ message: 'KAFKA_SASL_PASSWORD must be set with a SASL_ protocol' })
  @IsNotEmpty({ message: 'KAFKA_SASL_PASSWORD must be set with a SASL_ protocol' })
  KAFKA_SASL_PASSWORD?: string = undefined;
}
