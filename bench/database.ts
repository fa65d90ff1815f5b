import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { registerCleanup } from './cleanup.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The PostgreSQL server a bench may create its database on: a local one only. */
export function benchServerUrl(): string {
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (!LOCAL_HOSTS.has(new URL(serverUrl).hostname)) throw new Error(`DATABASE_URL must point to 127.0.0.1`);
  return serverUrl;
}

/** A fresh database on the server for this run only, dropped afterwards whatever happens. */
export async function withBenchDatabase<T>(serverUrl: string, run: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `konekt_bench_${randomBytes(6).toString('hex')}`;
  await administer(serverUrl, `CREATE DATABASE ${name}`);
  const drop = () => administer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const unregister = registerCleanup(drop);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    unregister();
    await drop();
  }
}

async function administer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
