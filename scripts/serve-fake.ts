// Starts the fake Infisical on loopback and keeps it running, for trying the action by hand or
// from a workflow (`uses: ./`). Writes where it listens, an access token it accepts, live token
// ids, and a machine identity with Universal Auth to log in with, as KEY=value lines to the file
// named by the first argument (or stdout), e.g. $GITHUB_ENV.
import { appendFileSync } from 'node:fs';
import { startFakeInfisical } from '../testbed/fake-infisical.js';

const fake = await startFakeInfisical();
const accessToken = fake.addAccessToken(`fake-access-token-${Date.now()}`);
const { clientId, clientSecret } = fake.configureUniversalAuth(fake.identityId);
const lines = [
  `FAKE_INFISICAL_URL=${fake.url}`,
  `FAKE_ACCESS_TOKEN=${accessToken}`,
  `FAKE_TOKEN_ID=${fake.addToken()}`,
  `FAKE_TOKEN_IDS=${[fake.addToken(), fake.addToken(), fake.addToken()].join(',')}`,
  `FAKE_IDENTITY_ID=${fake.identityId}`,
  `FAKE_CLIENT_ID=${clientId}`,
  `FAKE_CLIENT_SECRET=${clientSecret}`,
].join('\n');
const target = process.argv[2];
if (target) appendFileSync(target, `${lines}\n`);
else console.log(lines);
console.error(`Fake Infisical listening at ${fake.url} (Ctrl-C to stop).`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
