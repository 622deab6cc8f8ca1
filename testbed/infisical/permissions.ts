// What each access-token role of the fake may do on the organization's identities: the
// OrgPermissionIdentityActions the routes check (Read, Create, Edit, Delete). A role stands for the
// identity's organization role, which a real server reads from the membership for every request.
import type { AccessTokenRole } from './store.js';

export type IdentityAction = 'read' | 'create' | 'edit' | 'delete';

const GRANTS: Partial<Record<AccessTokenRole, readonly IdentityAction[]>> = {
  allowed: ['read', 'create', 'edit', 'delete'],
  'read-only': ['read'],
  'edit-only': ['edit'],
  'no-delete': ['read', 'create', 'edit'],
};

/** Whether a caller of this role may do this to an identity (ForbiddenError.throwUnlessCan). */
export const can = (caller: { role: AccessTokenRole }, action: IdentityAction): boolean =>
  GRANTS[caller.role]?.includes(action) === true;
