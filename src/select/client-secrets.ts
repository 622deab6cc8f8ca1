// Lists the live Universal Auth client secrets of each identity named, one identity at a time
// (the list has no paging: one read each), before any of that identity's secrets is revoked.
import {
  judgeSecretList,
  secretListRequest,
  type ListedSecret,
} from '../infisical/client-secrets.js';
import { sentence } from '../text/words.js';
import { listEach, readPage, type Halt, type ListContext } from './list-all.js';

/** What one identity's client-secret list gave. */
export interface ListedSecrets {
  identityId: string;
  /** Every live secret, each once; empty after an error. */
  secrets: ListedSecret[];
  /** Why the list failed, in one line; nothing of this identity may be revoked. */
  error?: string;
  /** Infisical refused the access token itself. */
  refused?: boolean;
}

/** Every identity's live client secrets, in the order named; `each` hears of each list as it completes. */
export async function listSecrets(
  identityIds: readonly string[],
  ctx: ListContext,
  each?: (listed: ListedSecrets) => void,
): Promise<ListedSecrets[]> {
  return listEach(identityIds, ctx.stop, (identityId, heard) => listOne(identityId, ctx, heard), {
    state: ctx.listing,
    notListed: (identityId, halt) => ({
      identityId,
      secrets: [],
      error: `Did not list the client secrets of identity ${identityId}: ${sentence(halt.reason)}`,
      refused: halt.refused || undefined,
    }),
    each,
  });
}

async function listOne(
  identityId: string,
  ctx: ListContext,
  heard: { any: boolean },
): Promise<{ listed: ListedSecrets; halt?: Halt }> {
  const request = secretListRequest(ctx.server, identityId, ctx.accessToken);
  const read = await readPage(
    request,
    `list the client secrets of identity ${identityId}`,
    '',
    ctx,
    heard,
    {
      judge: (answer) => judgeSecretList(answer, identityId),
      listing: `listing the client secrets of identity ${identityId}`,
      next: 'no other identity was listed',
    },
  );
  if (read.kind === 'ok') return { listed: { identityId, secrets: onceEach(read.value.secrets) } };
  return {
    listed: {
      identityId,
      secrets: [],
      error: read.line,
      ...(read.halt?.refused ? { refused: true } : {}),
    },
    halt: read.halt,
  };
}

function onceEach(secrets: readonly ListedSecret[]): ListedSecret[] {
  return [...new Map(secrets.map((secret) => [secret.id, secret])).values()];
}
