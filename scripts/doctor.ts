// `npm run doctor`: checks a real configuration against its platform — the API token, the BOT and
// AGENT categories, the sources, the agents who can take handovers, and the webhook's handshake at
// DOCTOR_WEBHOOK_URL — and says plainly what is wrong. Reads the same environment variables as the
// apps (load a .env first: `set -a; . ./.env; set +a`). Exit 0 when nothing FAILs, 1 otherwise.
// Never prints the API token, the verify token or the webhook secret.
import 'reflect-metadata';
import { runDoctor } from './doctor/doctor.main';

runDoctor(process.env).then(
  ({ exitCode, report }) => {
    process.stdout.write(report);
    process.exit(exitCode);
  },
  (error: unknown) => {
    // Only the class: a message could quote a URL holding the token.
    process.stderr.write(`doctor failed: ${error instanceof Error ? error.name : typeof error}\n`);
    process.exit(1);
  },
);
