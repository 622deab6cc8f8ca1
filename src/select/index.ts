// Choosing the tokens to revoke from Infisical's list: list every identity named (all pages,
// before any revoke), then choose by the filters inputs/selection.ts read. The rest of the action sees only this interface.
export type { Selection } from '../inputs/selection.js';
export { listAll, fullListWarning, type ListContext, type Listed } from './list-all.js';
export {
  choose,
  OWN_TOKEN_WHY,
  type ChooseOptions,
  type Choice,
  type Chosen,
  type Kept,
} from './choose.js';
export type { ListedToken } from '../infisical/list.js';
