import type { Floors } from './floors.js';
import type { Settings } from './settings.js';
import type { StartupResult } from './startup.js';
import { table } from './stats.js';
import type { KonektThroughput, ServerLoad } from './throughput-konekt.js';
import type { IdleResult } from './throughput-receivers.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseRun {
  yoga: ServerLoad;
  konekt: KonektThroughput;
  floors: Floors;
  /** Idle bare WebSocket connections to a bare `ws` server. */
  wsFloor: IdleResult;
  startup: StartupResult;
}

export interface Verdict {
  target: string;
  measured: string;
  /** What the figure is held against, when it has a floor. */
  floor: string;
  ratio: string;
  goal: string;
  pass: boolean;
  /** Set when the goal lies above the composite limit: no server running this SQL behind this HTTP + GraphQL floor could reach it. */
  note?: string;
}

/** The composite limit: the rate at which HTTP + GraphQL and the SQL could run back to back. */
export const compositeLimit = (yoga: number, sql: number) => 1 / (1 / yoga + 1 / sql);

const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')}/s`;
const times = (value: number) => `${value.toFixed(2)}×`;

/** Every target of issue 11 for one database, with its floor, ratio and verdict. */
export function verdicts(kind: DatabaseKind, run: DatabaseRun, settings: Settings): Verdict[] {
  const onPostgres = kind === 'postgres';
  const { yoga, konekt, floors, wsFloor, startup } = run;
  const bare = yoga.perSecond;
  const rows: Verdict[] = [];
  const against = (floorName: string, floor: number, measured: number) => ({
    floor: `${floorName} ${perSecond(floor)}`,
    ratio: times(measured / floor),
  });
  const aboveLimit = (goal: number, limit: number | undefined) =>
    limit !== undefined && goal > limit ? { note: `goal above L ${perSecond(limit)}` } : {};
  const atLeast = (target: string, measured: number, goal: number, versus = { floor: '', ratio: '' }, limit?: number) =>
    rows.push({
      target,
      measured: perSecond(measured),
      ...versus,
      goal: `≥ ${perSecond(goal)}`,
      pass: measured >= goal,
      ...aboveLimit(goal, limit),
    });
  const atMost = (target: string, measured: number, goal: number, unit: string, floor = '') =>
    rows.push({
      target,
      measured: `${measured.toFixed(1)} ${unit}`,
      floor,
      ratio: '',
      goal: `≤ ${goal} ${unit}`,
      pass: measured <= goal,
    });
  const ofFloor = (target: string, measured: number, floorName: string, floor: number, goal: number, limit?: number) =>
    rows.push({
      target,
      measured: perSecond(measured),
      ...against(floorName, floor, measured),
      goal: `≥ ${goal}×`,
      pass: measured / floor >= goal,
      ...aboveLimit(goal * floor, limit),
    });

  ofFloor('{ __typename }, no token', konekt.typename.perSecond, 'yoga', bare, 0.9);
  const readLimit = compositeLimit(bare, floors.pageRead.perSecond);
  ofFloor('documents(first: 10), program token', konekt.documents.perSecond, 'L', readLimit, 0.7);
  ofFloor(
    'documents(first: 10), program token',
    konekt.documents.perSecond,
    'yoga',
    bare,
    onPostgres ? 0.5 : 0.3,
    readLimit,
  );
  const sendLimit = compositeLimit(bare, floors.sendOneCompany.perSecond);
  ofFloor('sendDocument, one company, 10 connections', konekt.sendOneCompany.perSecond, 'L', sendLimit, 0.7);
  atLeast(
    'sendDocument, one company, 10 connections',
    konekt.sendOneCompany.perSecond,
    onPostgres ? 1500 : 800,
    undefined,
    sendLimit,
  );
  const tenLimit = compositeLimit(bare, floors.sendTenCompanies.perSecond);
  // Held against an absolute figure; its L is shown for what limits it.
  const tenCompanies = konekt.sendTenCompanies.perSecond;
  atLeast(
    'sendDocument, ten companies, one sender each',
    tenCompanies,
    onPostgres ? 3000 : 800,
    against('L', tenLimit, tenCompanies),
    tenLimit,
  );

  const { live, catchUp, idle } = konekt;
  atMost(
    `request→arrival p99, ${live.receivers} receivers / ${live.companies} companies, ${settings.connections} senders`,
    live.requestToArrival.p99Ms,
    25,
    'ms',
  );
  const events = catchUp.subscription.events.toLocaleString('en');
  atLeast(`catch-up of ${events} events, subscription (events/s)`, catchUp.subscription.perSecond, 20_000);
  atLeast(`catch-up of ${events} events, documentEvents pages (events/s)`, catchUp.pages.perSecond, 20_000);
  atMost(
    `${idle.receivers.toLocaleString('en')} idle receivers, server RSS each`,
    idle.rssPerReceiverKiB,
    15,
    'KiB',
    `bare ws ${wsFloor.rssPerReceiverKiB.toFixed(1)} KiB`,
  );
  const withoutNpm = `without npm ${(startup.withoutNpmMedianMs / 1000).toFixed(1)} s`;
  atMost('npm start, existing data', startup.existingMedianMs / 1000, 1.5, 's', withoutNpm);
  atMost('npm start, fresh data', startup.freshMedianMs / 1000, 6, 's');
  return rows;
}

export function printVerdicts(title: string, rows: Verdict[]) {
  console.log(title);
  console.log(
    table(
      ['target', 'measured', 'floor', 'ratio', 'goal', 'verdict', 'note'],
      rows.map((r) => [r.target, r.measured, r.floor, r.ratio, r.goal, r.pass ? 'PASS' : 'FAIL', r.note ?? '']),
    ),
  );
  console.log();
}
