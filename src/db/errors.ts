import { Prisma } from '../generated/prisma/client.js';

/**
 * What a failed statement means, whichever driver ran it. The PostgreSQL adapter hands Prisma
 * classified errors (P2002 for a unique violation), while the PGlite adapter passes PostgreSQL's
 * own error through, sometimes bare and sometimes wrapped as a raw-query failure (P2010); both
 * carry the SQLSTATE, which is what this reads.
 */
export type DatabaseFailure = 'UNIQUE_VIOLATION' | 'UNAVAILABLE';

interface DriverCause {
  kind?: string;
  code?: string;
  originalCode?: string;
}

/** Prisma's codes for "the database cannot be reached or stopped answering". */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The adapters' kinds for the same. */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/**
 * node-postgres's own error when the server goes away in the middle of a statement (a crash or an
 * immediate shutdown sends no SQLSTATE); it carries no code, and Prisma passes on only its message.
 */
const CONNECTION_LOST = /^Connection terminated( unexpectedly)?$/;
/** Node's socket errors, when the driver lets one through unclassified. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

function causeOf(error: object): DriverCause | undefined {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    return (error.meta?.driverAdapterError as { cause?: DriverCause } | undefined)?.cause;
  }
  if ((error as { name?: unknown }).name === 'DriverAdapterError') return (error as { cause?: DriverCause }).cause;
  return undefined;
}

/** PostgreSQL's SQLSTATE: class 08 is a lost connection, 57P0x a server shutting down or starting. */
const unavailableState = (state: string) => state.startsWith('08') || /^57P0[1-3]$/.test(state) || state === '53300';

export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const cause = causeOf(error);
  const state = cause?.originalCode ?? cause?.code;
  const prismaCode = error instanceof Prisma.PrismaClientKnownRequestError ? error.code : undefined;
  if (prismaCode === 'P2002' || state === '23505' || cause?.kind === 'UniqueConstraintViolation') {
    return 'UNIQUE_VIOLATION';
  }
  if (
    (prismaCode && UNAVAILABLE_PRISMA_CODES.has(prismaCode)) ||
    (cause?.kind && UNAVAILABLE_KINDS.has(cause.kind)) ||
    (state && unavailableState(state)) ||
    error instanceof Prisma.PrismaClientInitializationError
  ) {
    return 'UNAVAILABLE';
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || unavailableState(code))) return 'UNAVAILABLE';
  if (error instanceof Error && CONNECTION_LOST.test(error.message)) return 'UNAVAILABLE';
  return undefined;
}

export const isUniqueViolation = (error: unknown) => databaseFailure(error) === 'UNIQUE_VIOLATION';
