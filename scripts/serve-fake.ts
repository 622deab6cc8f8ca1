// Starts the fake Infisical (and a fake GitHub ID-token service) on loopback and keeps them
// running, for trying the action by hand or from a workflow (`uses: ./`). Writes where they listen,
// an access token the fake accepts, live token ids, and a machine identity that can log in with
// Universal Auth or with OIDC (trusting the fake ID-token service), as KEY=value lines to the file
// named by the first argument (or stdout), e.g. $GITHUB_ENV.
import { appendFileSync } from 'node:fs';
import { startFakeGitHubOidc } from '../testbed/fake-github-oidc.js';
import { startFakeInfisical } from '../testbed/fake-infisical.js';

const fake = await startFakeInfisical();
const github = await startFakeGitHubOidc({ owner: 'octo-org', repo: 'octo-repo' });
const accessToken = fake.addAccessToken(`fake-access-token-${Date.now()}`);
const { clientId, clientSecret } = fake.configureUniversalAuth(fake.identityId);
fake.configureOidc(fake.identityId, {
  issuer: github.issuer,
  publicKeyPem: github.publicKeyPem,
  kid: github.kid,
  boundAudiences: 'https://github.com/octo-org',
  boundSubject: 'repo:octo-org/octo-repo:ref:refs/heads/*',
});
const ids = (n: number) => Array.from({ length: n }, () => fake.addToken()).join(',');
const idToken = github.env();
const lines = [
  `FAKE_INFISICAL_URL=${fake.url}`,
  `FAKE_ACCESS_TOKEN=${accessToken}`,
  `FAKE_TOKEN_ID=${fake.addToken()}`,
  `FAKE_TOKEN_IDS=${ids(3)}`,
  `FAKE_LOGIN_TOKEN_IDS=${ids(2)}`,
  `FAKE_IDENTITY_ID=${fake.identityId}`,
  `FAKE_CLIENT_ID=${clientId}`,
  `FAKE_CLIENT_SECRET=${clientSecret}`,
  `FAKE_ID_TOKEN_REQUEST_URL=${idToken.ACTIONS_ID_TOKEN_REQUEST_URL}`,
  `FAKE_ID_TOKEN_REQUEST_TOKEN=${idToken.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
].join('\n');
const target = process.argv[2];
if (target) appendFileSync(target, `${lines}\n`);
else console.log(lines);
console.error(
  `Fake Infisical listening at ${fake.url}, fake GitHub ID tokens at ${github.url} (Ctrl-C to stop).`,
);
process.on(
  'SIGTERM',
  () => void Promise.all([fake.close(), github.close()]).then(() => process.exit(0)),
);
