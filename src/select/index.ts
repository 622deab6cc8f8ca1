// Choosing the credentials to revoke from Infisical's lists: the identities named (or, for `all`,
// the organization's), every page of each one's list before any of its tokens is revoked, then the
// choice by the filters inputs/selection.ts read. The rest of the action sees only this interface.
export { selectCredentials, type Chose, type Selected } from './credentials.js';
export { ownSecretOf } from './own-secret.js';
export type { Selection } from '../inputs/selection.js';
export { listAll, fullListWarning, type ListContext, type Listed } from './list-all.js';
export {
  choose,
  OWN_SECRET_WHY,
  OWN_TOKEN_WHY,
  type ChooseOptions,
  type Choice,
  type Chosen,
  type Kept,
} from './choose.js';
export type { ListedToken } from '../infisical/list.js';
export type { ListedSecret } from '../infisical/client-secrets.js';
export type { ListedSecrets } from './client-secrets.js';
export type { Sweep, SweptIdentity } from './sweep.js';
