import { ProgramKind, type MemberRole, type Permission } from '../generated/prisma/enums.js';

export type ProgramSide = 'SALES' | 'ACCOUNTING';

const SALES: readonly ProgramKind[] = ['FAKTURA_START', 'HANDEL_START', 'HANDEL', 'HANDEL_MAGAZYN'];

export function sideOf(program: ProgramKind): ProgramSide {
  return SALES.includes(program) ? 'SALES' : 'ACCOUNTING';
}

/** The membership a program's exchange account needs: a sales program sends, an accounting program receives. */
export function roleFor(program: ProgramKind): Extract<MemberRole, 'SENDER' | 'RECEIVER'> {
  return sideOf(program) === 'SALES' ? 'SENDER' : 'RECEIVER';
}

export function permissionFor(program: ProgramKind): Permission {
  return sideOf(program) === 'SALES' ? 'SEND_DOCUMENTS' : 'RECEIVE_DOCUMENTS';
}

/** Every program whose exchange account needs this role. */
export function programsFor(role: MemberRole): ProgramKind[] {
  return Object.values(ProgramKind).filter((program) => roleFor(program) === role);
}
