import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type StandInDialogflowCx,
  startStandInDialogflowCx,
} from '../../apps/bot-responder/src/bot-engine/testing/stand-in-dialogflow-cx';
import { REQUIRED_BOT_RESPONDER_ENV } from '../../apps/bot-responder/src/config/testing/bot-responder-env.fixture';
import { checkBotEngine } from './doctor.bot-engine';

const PROJECT = 'acme-support';

/** The doctor's Dialogflow CX probe against the stand-in: the real token exchange, then agents.get. */
describe('doctor: Dialogflow CX engine', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyDir = mkdtempSync(join(tmpdir(), 'doctor-dialogflow-'));
  let dialogflow: StandInDialogflowCx;
  let env: Record<string, string>;

  beforeAll(async () => {
    dialogflow = await startStandInDialogflowCx(publicKey);
    const keyFile = join(keyDir, 'service-account.json');
    writeFileSync(
      keyFile,
      JSON.stringify({
        type: 'service_account',
        project_id: PROJECT,
        private_key_id: 'key-id-1',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        client_email: `handover-bot@${PROJECT}.iam.gserviceaccount.com`,
        token_uri: dialogflow.tokenUri,
      }),
    );
    env = {
      ...REQUIRED_BOT_RESPONDER_ENV,
      BOT_ENGINE: 'dialogflow-cx',
      BOT_DIALOGFLOW_PROJECT: PROJECT,
      BOT_DIALOGFLOW_LOCATION: 'europe-west1',
      BOT_DIALOGFLOW_AGENT: '0d8c5a6e-3f4b-4c2a-9e1d-7b6a5c4d3e2f',
      BOT_DIALOGFLOW_CREDENTIALS_FILE: keyFile,
      BOT_DIALOGFLOW_ENDPOINT: dialogflow.base,
    };
  });

  afterAll(async () => {
    await dialogflow.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('should pass when the service account gets a token and reads the agent, asking nothing', async () => {
    expect(await checkBotEngine(env)).toMatchObject({ status: 'PASS' });
    expect(dialogflow.tokenRequests).toHaveLength(1);
    expect(dialogflow.detectIntents).toEqual([]);
  });

  it('should fail naming the service account when the token endpoint refuses it', async () => {
    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const wrongKey = join(keyDir, 'other.json');
    writeFileSync(
      wrongKey,
      JSON.stringify({
        type: 'service_account',
        private_key: otherKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        client_email: `handover-bot@${PROJECT}.iam.gserviceaccount.com`,
        token_uri: dialogflow.tokenUri,
      }),
    );

    const result = await checkBotEngine({ ...env, BOT_DIALOGFLOW_CREDENTIALS_FILE: wrongKey });

    expect(result.status).toBe('FAIL');
    expect(result.sentence).toContain(`handover-bot@${PROJECT}.iam.gserviceaccount.com`);
    expect(result.sentence).not.toContain('PRIVATE KEY');
  });
});
