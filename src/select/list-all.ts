// Lists the tokens of every identity named, completely, before anything is revoked: revoking bumps
// a row's updatedAt and moves it to the top of a list sorted by updatedAt, so revoking while paging
// would shift rows between the pages. Each page goes through the one retry loop of every call.
// Identities are listed one after another: a run names a few, and the read budget is shared.
import { attempt, type AttemptContext } from '../calls/attempt.js';
import {
  judgeList,
  listRequest,
  LIST_MAX_OFFSET,
  LIST_PAGE_LIMIT,
  type ListedToken,
} from '../infisical/list.js';
import type { Answer, Request } from '../http/index.js';
import type { Failure } from '../infisical/answers.js';
import { sentence } from '../text/words.js';
import { describeServer, type Server } from '../infisical/server.js';

export interface ListContext extends AttemptContext {
  /** `pacer` here is the read-class pacer: Infisical Cloud budgets reads apart from writes. */
  server: Server;
  accessToken: string;
  /** The clock that tells expired rows (ms since epoch); Date.now when absent. */
  now?: () => number;
  /** Shared by the lists of one run (tokens, then client secrets); each list on its own without. */
  listing?: ListingState;
}

/** What one identity's list gave. */
export interface Listed {
  identityId: string;
  /** Every row read, revoked and expired ones included, each id once; empty after an error. */
  tokens: ListedToken[];
  /** Both pages were full (200 rows): older tokens may be out of reach of any list. */
  full: boolean;
  /** Why the list failed, in one line (status, Infisical's words, reqId, hint); nothing of this identity may be revoked. */
  error?: string;
  /** Infisical refused the access token itself: every other request would be refused too. */
  refused?: boolean;
}

type Page = { kind: 'ok'; tokens: ListedToken[] } | { kind: 'failed'; line: string; halt?: Halt };

/** Why the identities after this one are not listed. */
export interface Halt {
  reason: string;
  refused: boolean;
}

/**
 * Every page of every identity, in the order named; `each` hears of each identity as soon as its
 * list is complete, so that its tokens can be revoked while the next identities are listed.
 */
export async function listAll(
  identityIds: readonly string[],
  ctx: ListContext,
  each?: (listed: Listed) => void,
): Promise<Listed[]> {
  return listEach(identityIds, ctx.stop, (identityId, heard) => listOne(identityId, ctx, heard), {
    state: ctx.listing,
    notListed: (identityId, halt) => ({
      identityId,
      tokens: [],
      full: false,
      error: `Did not list the tokens of identity ${identityId}: ${sentence(halt.reason)}`,
      refused: halt.refused || undefined,
    }),
    each,
  });
}

/**
 * Lists identity after identity, one at a time (the read budget is shared); once one list halts
 * the run's listing (the access token refused, the server unreachable, a stop), the rest are not
 * listed, each with why.
 */
export async function listEach<L>(
  identityIds: readonly string[],
  stop: AbortSignal,
  listOne: (identityId: string, heard: { any: boolean }) => Promise<{ listed: L; halt?: Halt }>,
  {
    notListed,
    each,
    state = { heard: { any: false } },
  }: {
    notListed: (identityId: string, halt: Halt) => L;
    each?: (listed: L) => void;
    state?: ListingState;
  },
): Promise<L[]> {
  const listed: L[] = [];
  for (const identityId of identityIds) {
    if (state.halt === undefined && stop.aborted) {
      state.halt = { reason: 'the run stopped before it', refused: false };
    }
    const one =
      state.halt !== undefined
        ? { listed: notListed(identityId, state.halt) }
        : await listOne(identityId, state.heard);
    listed.push(one.listed);
    each?.(one.listed);
    state.halt ??= one.halt;
  }
  return listed;
}

/**
 * What the lists of one run share: whether the server answered any, and why listing stopped. The
 * client secrets are listed after the tokens: a halt of the one stops the other.
 */
export interface ListingState {
  heard: { any: boolean };
  halt?: Halt;
}

/** The warning for an identity whose list is full. */
export function fullListWarning(identityId: string): string {
  const rows = LIST_MAX_OFFSET + LIST_PAGE_LIMIT;
  return (
    `Identity ${identityId} has ${rows} or more tokens: Infisical lists only the ${rows} most recently updated ` +
    `(revoked ones included until it prunes them), so older tokens may be out of reach for this run. ` +
    'A later run reaches further once Infisical has pruned the revoked rows; token-id revokes any token by its id.'
  );
}

async function listOne(
  identityId: string,
  ctx: ListContext,
  heard: { any: boolean },
): Promise<{ listed: Listed; halt?: Halt }> {
  const rows: ListedToken[] = [];
  // Offsets 0 and 100: the server takes no larger offset, so 200 rows are all there is to read.
  for (let offset = 0; offset <= LIST_MAX_OFFSET; offset += LIST_PAGE_LIMIT) {
    const page = await listPage(identityId, offset, ctx, heard);
    if (page.kind === 'failed') {
      const listed: Listed = { identityId, tokens: [], full: false, error: page.line };
      if (page.halt?.refused) listed.refused = true;
      return { listed, halt: page.halt };
    }
    rows.push(...page.tokens);
    if (page.tokens.length < LIST_PAGE_LIMIT) {
      return { listed: { identityId, tokens: onceEach(rows), full: false } };
    }
  }
  return { listed: { identityId, tokens: onceEach(rows), full: true } };
}

async function listPage(
  identityId: string,
  offset: number,
  ctx: ListContext,
  heard: { any: boolean },
): Promise<Page> {
  const request = listRequest(ctx.server, identityId, ctx.accessToken, offset, LIST_PAGE_LIMIT);
  const rows = offset === 0 ? '' : ` (rows ${offset + 1}–${offset + LIST_PAGE_LIMIT})`;
  const now = (ctx.now ?? Date.now)();
  const read = await readPage(
    request,
    `list the tokens of identity ${identityId}`,
    rows,
    ctx,
    heard,
    {
      judge: (answer) => judgeList(answer, { now, identityId }),
      listing: `listing identity ${identityId}`,
      next: 'no other identity was listed',
    },
  );
  return read.kind === 'ok' ? { kind: 'ok', tokens: read.value.tokens } : read;
}

/** How readPage reads one route's answers and speaks of a stop. */
export interface PageReader<V> {
  judge: (answer: Answer) => ({ kind: 'ok' } & V) | ({ kind: 'failed' } & Failure);
  /** What was being done, for a halt's reason: "listing identity <id>". */
  listing: string;
  /** What a halt means for the rest: "no other identity was listed". */
  next: string;
}

/**
 * One read of a list (a page of tokens, an identity's client secrets, a page of the organization's
 * identities), through the one retry loop of every call: what it gave, or its failure in one line
 * and whether the lists after it are worth reading.
 */
export async function readPage<V>(
  request: Request,
  what: string,
  rows: string,
  ctx: AttemptContext & { server: Server },
  heard: { any: boolean },
  reader: PageReader<V>,
): Promise<{ kind: 'ok'; value: V } | { kind: 'failed'; line: string; halt?: Halt }> {
  const failed = (attempts: number, text: string): string =>
    `Could not ${what}${rows}${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${text}`;

  const done = await attempt(request, what, ctx);
  if (done.kind === 'stopped') {
    const text =
      done.attempts === 0
        ? 'not attempted: the run stopped before it.'
        : sentence(`${done.lastReason}; not retried: the run stopped`);
    return {
      kind: 'failed',
      line: failed(done.attempts, text),
      halt: { reason: 'the run stopped before it', refused: false },
    };
  }
  if (done.kind === 'no-answer') {
    heard.any ||= done.heard;
    const where = describeServer(ctx.server);
    const line = failed(
      done.attempts,
      sentence(`no answer from Infisical at ${where}: ${done.error.message}`),
    );
    // As for revokes: a server never heard from in this run will not answer the next list either.
    const unreachable = !heard.any && done.error.code !== 'ECANCELED';
    const halt = unreachable
      ? {
          reason: `Infisical at ${where} could not be reached when ${reader.listing}, so ${reader.next}`,
          refused: false,
        }
      : undefined;
    return { kind: 'failed', line, halt };
  }
  heard.any = true;
  const verdict = reader.judge(done.answer);
  if (verdict.kind === 'ok') return { kind: 'ok', value: verdict };
  const { status, errorName, message, reqId, hint, refused } = verdict;
  const line = failed(
    done.attempts,
    `${status} ${sentence(message, reqId)}${hint ? ` ${hint}` : ''}`,
  );
  const said = errorName === undefined ? `${status}` : `${status} ${errorName}`;
  const halt = refused
    ? {
        reason: `Infisical refused the access token (${said}) when ${reader.listing}: every other request would be refused too, so ${reader.next}`,
        refused: true,
      }
    : undefined;
  return { kind: 'failed', line, halt };
}

// A row renewed or renamed between the two page requests moves up and can be read twice: once is
// enough, and its later state (the greater updatedAt) is the one that counts.
function onceEach(rows: readonly ListedToken[]): ListedToken[] {
  const byId = new Map<string, ListedToken>();
  for (const row of rows) {
    const seen = byId.get(row.id);
    if (seen === undefined || row.updatedAt > seen.updatedAt) byId.set(row.id, row);
  }
  return [...byId.values()];
}
