// scripts/bundle.js is plain JavaScript so that `npm start` runs it with node alone; its types for the tests.
export function bundleIfStale(): Promise<string>;
export function removeOtherBuilds(dir: string, keep: string): void;
export function isRunning(pid: number): boolean;
