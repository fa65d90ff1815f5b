import { parseArgs } from 'node:util';

export interface Settings {
  quick: boolean;
  /** Connections of every autocannon run and of the SQL floors. */
  connections: number;
  /** Of each measured run; each is preceded by an unmeasured warm-up. */
  seconds: number;
  warmUpSeconds: number;
  replayEvents: number;
  liveReceivers: number;
  liveCompanies: number;
  idleReceivers: number;
  idleRounds: number;
  /** Starts of `npm start` per kind (fresh, existing); the median is reported. */
  startups: number;
  /** Sends per company at most: the BUSINESS plan allows 5,000 a month, and the bench must not hit it. */
  maxPerCompany: number;
  databases: ('pglite' | 'postgres')[];
}

const FULL: Settings = {
  quick: false,
  connections: 10,
  seconds: 6,
  warmUpSeconds: 2,
  replayEvents: 100_000,
  liveReceivers: 1000,
  liveCompanies: 100,
  idleReceivers: 10_000,
  idleRounds: 2,
  startups: 3,
  maxPerCompany: 4_900,
  databases: ['pglite', 'postgres'],
};

const QUICK: Settings = {
  ...FULL,
  quick: true,
  seconds: 1,
  warmUpSeconds: 0.5,
  replayEvents: 5_000,
  liveReceivers: 200,
  liveCompanies: 20,
  idleReceivers: 500,
  idleRounds: 1,
  startups: 1,
};

const USAGE = `npm run bench -- [--quick] [--seconds N] [--connections N] [--events N] [--idle N] [--db pglite|postgres]`;

export function readSettings(args: string[]): Settings {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean' },
      seconds: { type: 'string' },
      connections: { type: 'string' },
      events: { type: 'string' },
      idle: { type: 'string' },
      db: { type: 'string' },
    },
  });
  const base = values.quick ? QUICK : FULL;
  const number = (value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!(parsed > 0)) throw new Error(`not a positive number: ${value}\n${USAGE}`);
    return parsed;
  };
  const databases = values.db ? [values.db] : base.databases;
  if (!databases.every((db) => db === 'pglite' || db === 'postgres')) throw new Error(USAGE);
  return {
    ...base,
    seconds: number(values.seconds, base.seconds),
    connections: number(values.connections, base.connections),
    replayEvents: number(values.events, base.replayEvents),
    idleReceivers: number(values.idle, base.idleReceivers),
    databases: databases,
  };
}
