// Choosing the tokens to revoke from Infisical's list: read the inputs, list every identity named
// (all pages, before any revoke), then choose. The rest of the action sees only this interface.
export { parseSelection, secretsInSelection, MAX_KEEP_NEWEST, type Selection } from '../inputs/selection.js';
export { listAll, fullListWarning, type ListContext, type Listed } from './list-all.js';
export {
  choose,
  OWN_TOKEN_WHY,
  type ChooseOptions,
  type Choice,
  type Chosen,
  type Kept,
} from './choose.js';
export { describeDuration } from '../inputs/duration.js';
export type { ListedToken } from '../infisical/list.js';
