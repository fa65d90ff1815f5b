/** Where a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes it) spends its time within a window. */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  /** Per cent of the window's busy samples. */
  percent: number;
}

export interface ProfileSummary {
  /** Samples in the window, and those where the process was not idle (every share is of these). */
  samples: number;
  busySamples: number;
  seconds: number;
  /** Where the sampled frame itself was running, by package (or part of one). */
  selfByGroup: Share[];
  /** Samples whose stack includes the package anywhere. */
  inclusiveByGroup: Share[];
  selfByFunction: Share[];
  inclusiveByFunction: Share[];
}

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'V8 garbage collector',
  '(program)': 'V8/native (program)',
  '(idle)': 'idle',
  '(root)': 'root',
};

const WASM_TRAMPOLINE = /^(js-to-wasm|wasm-to-js|GenericJSToWasmWrapper)/;

const GRAPHQL_PARTS: [string, string][] = [
  ['/graphql/language/', 'graphql: parse'],
  ['/graphql/validation/', 'graphql: validate'],
  ['/graphql/execution/', 'graphql: execute'],
];

/** WebAssembly, Node's own JavaScript and native code count for the package that called them. */
const INHERITED = new Set(['wasm', 'node']);

function inherit(own: string, caller: string | undefined): string {
  const callerPackage = caller?.replace(/ \((wasm|node)\)$/, '');
  if (!callerPackage || callerPackage === 'root' || callerPackage === 'node internals / native')
    return own === 'wasm' ? 'wasm' : 'node internals / native';
  return `${callerPackage} (${own})`;
}

/** The package (or our own code) a frame belongs to, before inheritance. */
function groupOf(frame: CallFrame): string {
  const special = SPECIAL[frame.functionName];
  if (special && !frame.url) return special;
  const { url } = frame;
  if (url.startsWith('wasm://') || (!url && WASM_TRAMPOLINE.test(frame.functionName))) return 'wasm';
  if (url.includes('/@prisma/client/runtime/query_compiler')) return '@prisma/client: query compiler';
  if (url.startsWith('node:') || (!url && frame.functionName)) return 'node';
  for (const [part, name] of GRAPHQL_PARTS) if (url.includes(part)) return name;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first!.startsWith('@') ? `${first}/${second}` : first!;
  }
  if (url.includes('/src/generated/')) return 'konekt: generated Prisma client';
  if (url.includes('/src/')) return 'konekt: src';
  if (url.includes('/bench/')) return 'bench harness';
  return url || '(unknown)';
}

function functionOf(frame: CallFrame, group: string): string {
  const file = frame.url.split('/').slice(-2).join('/');
  return `${frame.functionName || '(anonymous)'} — ${group}${file ? ` (${file}:${frame.lineNumber + 1})` : ''}`;
}

const top = (counts: Map<string, number>, total: number, limit: number): Share[] =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, count]) => ({ name, percent: (100 * count) / total }));

/** Samples taken between `fromUs` and `toUs` (the profile's clock: microseconds of CLOCK_MONOTONIC). */
export function summarizeProfile(profile: CpuProfile, fromUs: number, toUs: number, limit = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const groups = new Map<number, string>();
  const group = (id: number): string => {
    const known = groups.get(id);
    if (known) return known;
    const own = groupOf(byId.get(id)!.callFrame);
    const above = parent.get(id);
    const resolved = INHERITED.has(own) ? inherit(own, above === undefined ? undefined : group(above)) : own;
    groups.set(id, resolved);
    return resolved;
  };
  const selfGroups = new Map<string, number>();
  const inclusiveGroups = new Map<string, number>();
  const selfFunctions = new Map<string, number>();
  const inclusiveFunctions = new Map<string, number>();
  const add = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  let time = profile.startTime;
  let samples = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    time += profile.timeDeltas[i]!;
    if (time < fromUs || time > toUs) return;
    samples += 1;
    if (group(id) === 'idle') return;
    busy += 1;
    const leaf = byId.get(id)!;
    add(selfGroups, group(id));
    add(selfFunctions, functionOf(leaf.callFrame, group(id)));
    const seenGroups = new Set<string>();
    const seenFunctions = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.functionName === '(root)') break;
      seenGroups.add(group(at));
      seenFunctions.add(functionOf(frame, group(at)));
    }
    for (const key of seenGroups) add(inclusiveGroups, key);
    for (const key of seenFunctions) add(inclusiveFunctions, key);
  });
  if (busy === 0) throw new Error('no busy sample in the window: is the profile from this run?');
  return {
    samples,
    busySamples: busy,
    seconds: (toUs - fromUs) / 1e6,
    selfByGroup: top(selfGroups, busy, 40),
    inclusiveByGroup: top(inclusiveGroups, busy, 40),
    selfByFunction: top(selfFunctions, busy, limit),
    inclusiveByFunction: top(inclusiveFunctions, busy, limit * 3),
  };
}
