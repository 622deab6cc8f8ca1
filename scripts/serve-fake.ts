// A playground for every README recipe: the fake Infisical (and a fake GitHub ID-token service) on
// loopback, kept running, seeded with what the recipes need. It writes KEY=value lines to the file
// named by its argument (or stdout), e.g. $GITHUB_ENV, and a legend of them to stderr. The ci.yml
// `uses: ./` job runs the action against it.
import { appendFileSync } from 'node:fs';
import { startFakeGitHubOidc } from '../testbed/fake-github-oidc.js';
import { startFakeInfisical } from '../testbed/fake-infisical.js';

const HELP = `Usage: npx tsx scripts/serve-fake.ts [FILE] [--current]

Starts a fake Infisical and a fake GitHub ID-token service on loopback and keeps them running
until Ctrl-C (or SIGTERM). Writes KEY=value lines (what to put in the action's inputs) to FILE,
or to stdout, and a legend of them to stderr.

  FILE        append the KEY=value lines here (e.g. "$GITHUB_ENV", or fake.env)
  --current   play Infisical's current server generation (Cloud, self-hosted v0.160+):
              self-contained access tokens, no rows for logins, revocation markers
  --help      this text

Try, with the values printed:
  token-id: \${FAKE_TOKEN_ID}                               one token, by id
  token-id: self   access-token: \${FAKE_SELF_TOKEN}        the access token revokes itself
  tokens-of-identity: \${FAKE_IDENTITY_ID}  older-than: 7d  chooses the FAKE_OLD_TOKEN_IDS only
  token-id: \${FAKE_OIDC_LOGIN_TOKEN_ID}                   a login token by id: "not found" (may be live)
  method: universal  client-id/client-secret: \${FAKE_CLIENT_ID} / \${FAKE_CLIENT_SECRET}
  tokens-of-identity: all  older-than: 7d  dry-run: true      the whole organization (FAKE_ORG_ID)
  client-secrets-of-identity: \${FAKE_UA_IDENTITY_ID}  older-than: 30d
                                                          chooses the FAKE_OLD_CLIENT_SECRET_IDS only
A new Token Auth token (as a workflow would make one):
  curl -s -X POST -H "Authorization: Bearer \${FAKE_ACCESS_TOKEN}" -H 'content-type: application/json' \\
    -d '{"name":"ci"}' \${FAKE_INFISICAL_URL}/api/v1/auth/token-auth/identities/\${FAKE_IDENTITY_ID}/tokens
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(HELP);
  process.exit(0);
}
const target = args.find((arg) => !arg.startsWith('--'));
const DAY_SECONDS = 24 * 3600;

const fake = await startFakeInfisical({
  generation: args.includes('--current') ? 'current' : 'legacy',
});
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
// Tokens of several ages, so that older-than: 7d chooses some and keeps others.
const aged = (days: number[]) =>
  days
    .map((age) => fake.issueAccessToken({ ageSeconds: age * DAY_SECONDS, name: `ci-${age}d` }).id)
    .join(',');
// A small organization for the sweep: identities with other auth methods beside Token Auth, one
// with Universal Auth only, and one in another organization (never swept).
const deploy = fake.addIdentity({ name: 'ci-deploy' });
fake.addIdentity({ name: 'ci-build', tokenAuth: false, authMethods: ['universal-auth'] });
fake.addIdentity({ name: 'ops-oidc', authMethods: ['oidc-auth'] });
fake.addIdentity({ name: 'other-org', orgId: '00000000-0000-4000-8000-000000000001' });
fake.issueAccessToken({ identityId: deploy, ageSeconds: 45 * DAY_SECONDS, name: 'deploy-45d' });
// Client secrets of ci-deploy: two old ones to retire, and the new one a rotation just made.
const secretOfAge = (days: number, description: string) =>
  fake.addClientSecret(deploy, {
    description,
    createdAt: new Date(Date.now() - days * DAY_SECONDS * 1000),
  });
const oldSecrets = [secretOfAge(90, 'ci-2026-q1'), secretOfAge(60, 'ci-2026-q2')];
const newSecret = secretOfAge(0, 'ci-now');
const idToken = github.env();
const selfToken = fake.issueAccessToken({ name: 'self-demo' });
const oidcLogin = fake.issueAccessToken({ authMethod: 'OIDC_AUTH' });

const entries: [string, string, string][] = [
  ['FAKE_INFISICAL_URL', fake.url, 'server-url of the fake Infisical'],
  ['FAKE_ACCESS_TOKEN', accessToken, 'an access token allowed to read and revoke every token here'],
  ['FAKE_SELF_TOKEN', selfToken.token, 'a JWT access token that token-id: self revokes'],
  ['FAKE_TOKEN_ID', fake.addToken(), 'a live Token Auth token id'],
  ['FAKE_TOKEN_IDS', ids(3), 'three more live Token Auth token ids'],
  ['FAKE_LOGIN_TOKEN_IDS', ids(2), 'two live Token Auth token ids for the login recipes'],
  [
    'FAKE_OLD_TOKEN_IDS',
    aged([10, 20, 30]),
    'tokens created 10, 20 and 30 days ago (older-than: 7d)',
  ],
  [
    'FAKE_NEW_TOKEN_IDS',
    aged([0, 1]),
    'tokens created today and yesterday (kept by older-than: 7d)',
  ],
  [
    'FAKE_OIDC_LOGIN_TOKEN_ID',
    oidcLogin.id,
    'the id of a live OIDC login token: the Token Auth route answers "not found" for it',
  ],
  ['FAKE_IDENTITY_ID', fake.identityId, 'the machine identity (Token Auth, Universal Auth, OIDC)'],
  ['FAKE_CLIENT_ID', clientId, 'its Universal Auth client id'],
  ['FAKE_CLIENT_SECRET', clientSecret, 'its Universal Auth client secret'],
  ['FAKE_ORG_ID', fake.orgId, 'the organization (4 identities; another organization has 1 more)'],
  ['FAKE_UA_IDENTITY_ID', deploy, 'ci-deploy: Token Auth and Universal Auth, three client secrets'],
  [
    'FAKE_OLD_CLIENT_SECRET_IDS',
    oldSecrets.map((secret) => secret.id).join(','),
    'its client secrets made 90 and 60 days ago (older-than: 30d)',
  ],
  ['FAKE_NEW_CLIENT_SECRET_ID', newSecret.id, 'its client secret made today (kept)'],
  ['FAKE_NEW_CLIENT_ID', newSecret.clientId, 'its client id (log in with the new secret)'],
  ['FAKE_NEW_CLIENT_SECRET', newSecret.clientSecret, 'the new client secret itself'],
  [
    'FAKE_ID_TOKEN_REQUEST_URL',
    idToken.ACTIONS_ID_TOKEN_REQUEST_URL,
    'ACTIONS_ID_TOKEN_REQUEST_URL for method: oidc',
  ],
  [
    'FAKE_ID_TOKEN_REQUEST_TOKEN',
    idToken.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN for method: oidc',
  ],
];
const lines = entries.map(([key, value]) => `${key}=${value}`).join('\n');
if (target) appendFileSync(target, `${lines}\n`);
else console.log(lines);
console.error(
  [
    `Fake Infisical (${fake.generation} generation) at ${fake.url}, fake GitHub ID tokens at ${github.url}. Ctrl-C to stop; --help for recipes.`,
    'What the lines mean:',
    ...entries.map(([key, , meaning]) => `  ${key.padEnd(28)} ${meaning}`),
  ].join('\n'),
);
process.on(
  'SIGTERM',
  () => void Promise.all([fake.close(), github.close()]).then(() => process.exit(0)),
);
