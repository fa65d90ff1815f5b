import type { MemberRole, Permission } from '../generated/prisma/enums.js';

/** What each role gets when it is granted; more than this is allowed but discouraged. */
export const DEFAULT_PERMISSIONS: Record<MemberRole, Permission[]> = {
  OWNER: [
    'SEND_DOCUMENTS',
    'RECEIVE_DOCUMENTS',
    'VIEW_DOCUMENTS',
    'MANAGE_CONFIGURATIONS',
    'MANAGE_MEMBERS',
    'MANAGE_PLAN',
  ],
  SENDER: ['SEND_DOCUMENTS', 'VIEW_DOCUMENTS'],
  RECEIVER: ['RECEIVE_DOCUMENTS', 'VIEW_DOCUMENTS'],
};

export function beyondDefaults(role: MemberRole, permissions: readonly Permission[]): Permission[] {
  return permissions.filter((permission) => !DEFAULT_PERMISSIONS[role].includes(permission));
}
