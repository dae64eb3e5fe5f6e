import { execFile } from 'node:child_process';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { commandFailure } from './kafka-libs';

const run = promisify(execFile);
const PASSWORD_VARIABLE = 'HANDOVER_TEST_STORE_PASSWORD';
const VALIDITY_DAYS = '30';

export interface TlsMaterial {
  /** PKCS12 with the broker's key and its chain up to the CA; the key shares the store's password. */
  keystore: string;
  password: string;
  /** PEM */
  caFile: string;
  /** PEM files, signed by the CA; absent without openssl. */
  client?: { certFile: string; keyFile: string };
}

type Keytool = (...args: string[]) => Promise<void>;

/**
 * A throwaway CA and a broker certificate it signs for 127.0.0.1 and localhost, made with the JDK's
 * keytool. Also a client certificate when openssl is there to turn its key into PEM (keytool cannot).
 */
export async function createTlsMaterial(dir: string, javaBinary: string): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true });
  const password = randomBytes(18).toString('hex');
  const keytool = keytoolIn(dir, password, keytoolBeside(javaBinary));
  const withClient = await opensslAnswers();
  await Promise.all((withClient ? ['ca', 'broker', 'client'] : ['ca', 'broker']).map(newKeyPair(keytool)));
  const [, brokerCert, client] = await Promise.all([
    keytool('-exportcert', '-alias', 'ca', '-keystore', 'ca.p12', '-rfc', '-file', 'ca.pem'),
    signByCa(dir, keytool, 'broker', ['-ext', 'SAN=IP:127.0.0.1,DNS:localhost', '-ext', 'EKU=serverAuth']),
    withClient ? clientCertificate(dir, password, keytool) : undefined,
  ]);
  // keytool installs a CA's reply only with a chain up to a root it trusts: the reply carries the CA.
  writeFileSync(join(dir, 'broker-chain.pem'), brokerCert + readFileSync(join(dir, 'ca.pem'), 'utf8'));
  await keytool(
    ...['-importcert', '-alias', 'broker', '-keystore', 'broker.p12', '-file', 'broker-chain.pem'],
    '-noprompt',
  );
  return { keystore: join(dir, 'broker.p12'), password, caFile: join(dir, 'ca.pem'), client };
}

/** An EC key pair and a self-signed certificate in `<name>.p12`; the one named `ca` may sign others. */
function newKeyPair(keytool: Keytool): (name: string) => Promise<void> {
  return (name) =>
    keytool(
      ...['-genkeypair', '-alias', name, '-dname', `CN=handover-test-${name}`, '-validity', VALIDITY_DAYS],
      ...['-keyalg', 'EC', '-groupname', 'secp256r1', '-keystore', `${name}.p12`, '-storetype', 'PKCS12'],
      ...(name === 'ca' ? ['-ext', 'bc:c'] : []),
    );
}

/** The certificate of `<name>.p12`'s key, signed by the CA, as PEM. */
async function signByCa(dir: string, keytool: Keytool, name: string, extensions: string[]): Promise<string> {
  await keytool('-certreq', '-alias', name, '-keystore', `${name}.p12`, '-file', `${name}.csr`);
  await keytool(
    ...['-gencert', '-alias', 'ca', '-keystore', 'ca.p12', '-rfc', '-validity', VALIDITY_DAYS],
    ...['-infile', `${name}.csr`, '-outfile', `${name}.crt`, ...extensions],
  );
  return readFileSync(join(dir, `${name}.crt`), 'utf8');
}

async function clientCertificate(
  dir: string,
  password: string,
  keytool: Keytool,
): Promise<{ certFile: string; keyFile: string }> {
  await signByCa(dir, keytool, 'client', ['-ext', 'EKU=clientAuth']);
  const { stdout } = await run(
    'openssl',
    ['pkcs12', '-in', 'client.p12', '-nocerts', '-nodes', '-passin', `env:${PASSWORD_VARIABLE}`],
    { cwd: dir, env: { ...process.env, [PASSWORD_VARIABLE]: password } },
  );
  const keyFile = join(dir, 'client-key.pem');
  // Re-encoded, because openssl prefixes the PEM block with "Bag Attributes" lines.
  writeFileSync(keyFile, createPrivateKey(stdout).export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { certFile: join(dir, 'client.crt'), keyFile };
}

function keytoolIn(dir: string, password: string, keytool: string): Keytool {
  const env = { ...process.env, [PASSWORD_VARIABLE]: password };
  return async (...args) => {
    // Each run is a JVM start: without the C2 compiler it takes about half as long.
    const jvm = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC'];
    try {
      await run(keytool, [...jvm, ...args, '-storepass:env', PASSWORD_VARIABLE], { cwd: dir, env });
    } catch (error) {
      throw new Error(`keytool ${args[0]} failed in ${dir}: ${commandFailure(error)}`);
    }
  };
}

/** The keytool of the JDK whose java runs the broker, else whichever is on PATH. */
function keytoolBeside(javaBinary: string): string {
  const java = javaBinary.includes(sep)
    ? javaBinary
    : (process.env.PATH ?? '')
        .split(delimiter)
        .map((folder) => join(folder, javaBinary))
        .find((candidate) => existsSync(candidate));
  const keytool = java && existsSync(java) ? join(dirname(realpathSync(java)), 'keytool') : undefined;
  return keytool && existsSync(keytool) ? keytool : 'keytool';
}

function opensslAnswers(): Promise<boolean> {
  return run('openssl', ['version']).then(
    () => true,
    () => false,
  );
}
