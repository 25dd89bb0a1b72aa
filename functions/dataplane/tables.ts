// The data plane's tables in isolate memory: released services and channel configs, versioned
// copies of what their Durable Objects hold, so a call in steady state asks no object. A copy
// older than STALE_MS is refreshed in the background (waitUntil); one older than MAX_STALE_MS is
// fetched before use. Control-plane writes in this isolate drop the copies at once (forget).
import type { Env } from "../env";
import { ccnRegistry, channelObject, serviceObject } from "../objects/names";
import type { ChannelSnapshot, OutcomeReport, ServiceSnapshot } from "../objects/records";
import { withPolicy } from "../policy/core";
import { freshHealth, type NodeHealth } from "./swrr";

/** STALE_MS: a copy older than this is refreshed in the background while it still serves. */
export const STALE_MS = 1000;
/** MAX_STALE_MS: the staleness bound; a copy older than this is fetched again before use. */
export const MAX_STALE_MS = 2000;

/** What a call can hand background work to (the request's ExecutionContext). */
export interface Background {
  waitUntil(p: Promise<unknown>): void;
}

type Versioned = { version: string };
type Fetched<T> = T | { unchanged: true; version: string } | null;

interface Slot<T extends Versioned> {
  value: T | null;
  fetchedAt: number;
  refreshing: boolean;
}

/** A channel in this isolate: the copy of its object's snapshot, and the isolate's own rotation and health. */
export interface ChannelState {
  snap: ChannelSnapshot | null;
  /** Smooth weighted round robin counters of this isolate (nginx keeps them per worker process). */
  current: number[];
  /** Node health: the object's, with this isolate's outcomes applied at once (the object learns in batches). */
  health: NodeHealth[];
  /** Outcomes not yet sent to the channel's object. */
  pending: OutcomeReport[];
  nodesKey: string;
}

const services = new Map<string, Slot<ServiceSnapshot>>();
const channels = new Map<string, Slot<ChannelSnapshot> & { state: ChannelState }>();
type Ch6 = { version: string; refused: string | null };
const ccnChecks = new Map<string, Slot<Ch6>>();

/** objectCalls counts the Durable Object calls the data plane made in this isolate (tests read it). */
export const objectCalls = { count: 0 };

/** forget drops every copy (a control-plane write in this isolate); channel rotations are kept. */
export function forget(): void {
  services.clear();
  ccnChecks.clear();
  for (const c of channels.values()) c.fetchedAt = -Infinity;
}

async function read<T extends Versioned, S extends Slot<T>>(
  slot: S,
  now: number,
  bg: Background | undefined,
  load: (known?: string) => Promise<unknown>, // an RPC answer: Fetched<T> (typed with Disposable by the runtime)
  store: (slot: S, v: T | null) => void,
): Promise<T | null> {
  const apply = (answer: unknown) => {
    const v = answer as Fetched<T>;
    slot.fetchedAt = now;
    if (!v || !("unchanged" in v)) store(slot, v as T | null);
  };
  const age = now - slot.fetchedAt;
  if (age > MAX_STALE_MS || (age > STALE_MS && !bg)) {
    objectCalls.count++;
    apply(await load(slot.value?.version));
  } else if (age > STALE_MS && bg && !slot.refreshing) {
    slot.refreshing = true;
    objectCalls.count++;
    bg.waitUntil(
      load(slot.value?.version)
        .then(apply, () => {})
        .finally(() => (slot.refreshing = false)),
    );
  }
  return slot.value;
}

function slotOf<T extends Versioned>(map: Map<string, Slot<T>>, key: string): Slot<T> {
  let s = map.get(key);
  if (!s) map.set(key, (s = { value: null, fetchedAt: -Infinity, refreshing: false }));
  return s;
}

/** releasedService reports the service and its releases from this isolate's table. */
export function releasedService(env: Env, serviceId: string, now: number, bg?: Background): Promise<ServiceSnapshot | null> {
  return read<ServiceSnapshot, Slot<ServiceSnapshot>>(slotOf(services, serviceId), now, bg, (known) => serviceObject(env, serviceId).snapshot(known), (s, v) => (s.value = v));
}

/** channel reports a channel's state in this isolate (null if it does not exist). */
export async function channel(env: Env, account: string, channelId: string, now: number, bg?: Background): Promise<ChannelState | null> {
  const key = `${account}/${channelId}`;
  let slot = channels.get(key);
  if (!slot) {
    slot = { value: null, fetchedAt: -Infinity, refreshing: false, state: { snap: null, current: [], health: [], pending: [], nodesKey: "" } };
    channels.set(key, slot);
  }
  const snap = await read<ChannelSnapshot, typeof slot>(slot, now, bg, (known) => channelObject(env, account, channelId).snapshot(known), (s, v) => {
    s.value = v;
    const st = s.state;
    st.snap = v;
    const nodesKey = v ? JSON.stringify(v.channel.nodes) : "";
    if (nodesKey !== st.nodesKey) {
      // new nodes: the rotation starts again, as nginx's does on a reload
      st.nodesKey = nodesKey;
      st.current = (v?.channel.nodes ?? []).map(() => 0);
      st.health = (v?.channel.nodes ?? []).map(freshHealth);
      st.pending = [];
    }
    // the object's health, but a node this isolate took out of rotation stays out
    st.health = (v?.health ?? []).map((h, i) => ({ ...h, unhealthyUntil: Math.max(h.unhealthyUntil, st.health[i]?.unhealthyUntil ?? 0) }));
  });
  return snap ? slot.state : null;
}

/**
 * reportOutcomes sends the channel's pending outcomes to its object in one call, started now and
 * kept alive by waitUntil (the caller's answer does not wait for it).
 */
export function reportOutcomes(env: Env, account: string, channelId: string, st: ChannelState, bg: Background | undefined): void {
  if (!st.pending.length) return;
  const batch = st.pending.splice(0);
  objectCalls.count++;
  const p = channelObject(env, account, channelId).report(batch).catch(() => {});
  bg?.waitUntil(p);
}

/**
 * ccnRefusal reports why an exclusive instance in `fromVpc` may not use a channel in `channelVpc`
 * (rule CH6: no CCN joins the two VPCs), or null; decided by policy-core on the account's CCNs,
 * kept in the table like the rest.
 */
export async function ccnRefusal(env: Env, account: string, fromVpc: string, channelVpc: string, channelId: string, now: number, bg?: Background): Promise<string | null> {
  if (fromVpc === channelVpc) return null;
  const decided = await read<Ch6, Slot<Ch6>>(slotOf(ccnChecks, `${account}|${fromVpc}|${channelVpc}|${channelId}`), now, bg, async () => {
    const ccns = (await ccnRegistry(env, account).list()).map((c) => ({ id: c.ccnId, vpcIds: c.vpcs.map((v) => v.vpcId) }));
    const use = await withPolicy((core) => core.channelUse({ gatewayVpcId: fromVpc, channelVpcId: channelVpc, ccns }));
    const refused = use.ok
      ? null
      : `The dedicated instance runs in ${fromVpc} but channel ${channelId} reaches ${channelVpc}, and no CCN joins the two VPCs (rule CH6, ${use.explanation.code}).`;
    return { version: JSON.stringify(ccns), refused };
  }, (s, v) => (s.value = v));
  return decided?.refused ?? null;
}
