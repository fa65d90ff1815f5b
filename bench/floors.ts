import { fileURLToPath } from 'node:url';
import { runChild } from './children.js';
import type { Summary } from './stats.js';

export interface FloorSpec {
  /** The bench database on PostgreSQL; embedded PGlite in a temporary directory when absent. */
  databaseUrl?: string;
  connections: number;
  seconds: number;
  warmUpSeconds: number;
  /** Sends per company at most (its monthly quota, with a margin). */
  maxPerCompany: number;
}

export interface FloorResult {
  /** Whole operations (all the statements of one request). */
  operations: number;
  seconds: number;
  perSecond: number;
  latency: Summary;
}

export interface Floors {
  /** The statements Prisma sent for one request of each kind, as captured (parameters left out). */
  statements: { pageRead: string[]; send: string[] };
  pageRead: FloorResult;
  sendOneCompany: FloorResult;
  sendTenCompanies: FloorResult;
}

const FLOORS_CHILD = fileURLToPath(new URL('./floors-child.ts', import.meta.url));

/**
 * The SQL floors, in a process of their own: the statements Konekt sends for a page read and for a
 * send, issued over `pg` (PostgreSQL) or on PGlite in process, with no HTTP and no GraphQL.
 */
export function measureFloors(spec: FloorSpec): Promise<Floors> {
  const seconds = 4 * (spec.seconds + spec.warmUpSeconds) + 600;
  return runChild<Floors>(FLOORS_CHILD, [JSON.stringify(spec)], process.env, seconds * 1000);
}
