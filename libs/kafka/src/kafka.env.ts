import { HttpServerEnv, ToInt, ToList } from '@handover/config';
import { ArrayNotEmpty, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

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
}
