// `npm run demo`: starts the fake Infisical on loopback and runs the built action against it twice,
// as a runner would: a revoke that succeeds, then the same revoke again, which fails.
import { startFakeInfisical } from '../testbed/fake-infisical.js';
import { runStep } from '../testbed/runner.js';

const fake = await startFakeInfisical();
const accessToken = fake.addAccessToken('demo-access-token-0123456789');
const tokenId = fake.addToken();
console.log(`Fake Infisical listening at ${fake.url}\n`);

for (const title of ['1. Revoke a live token', '2. Revoke it again (already revoked)']) {
  const run = await runStep({
    inputs: { 'token-id': tokenId, 'access-token': accessToken, 'server-url': fake.url },
  });
  console.log(`=== ${title}: the step exits ${run.code}`);
  console.log('--- log, as the runner receives it');
  process.stdout.write(`${run.stdout.trimEnd().replace(/^/gm, '  ')}\n`);
  console.log('--- outputs');
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${value}`);
  console.log('--- job summary');
  console.log(`${run.summary.trimEnd().replace(/^/gm, '  ')}\n`);
}
await fake.close();
