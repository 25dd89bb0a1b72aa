// A channel's node choice inside one isolate: nginx's smooth weighted round robin over the
// isolate's copy of the channel (as nginx runs it per worker process), with passive health
// applied at once here and queued for the channel's object.
import { channelPick, passive } from "../objects/channel-object";
import type { Channel } from "./forward";
import { freshHealth, isHealthy, pickSwrr, recordOutcome } from "./swrr";
import type { ChannelState } from "./tables";

/** localChannel is the forwarder's view of a channel held in this isolate's table. */
export function localChannel(st: ChannelState): Channel {
  const ch = st.snap!.channel;
  const weights = ch.nodes.map((n) => n.weight);
  const check = passive(ch);
  return {
    pick(tried, now) {
      const index = pickSwrr(weights, st.current, (i) => !tried.includes(i) && isHealthy(st.health[i] ?? freshHealth(), now));
      return index < 0 ? null : channelPick(ch, index);
    },
    report(index, outcome, now) {
      const before = st.health[index];
      if (!check || !before) return;
      st.health[index] = recordOutcome(before, outcome, check, now);
      // in steady state (every answer fine, no failure counted) nothing needs telling
      if (outcome !== "ok" || before.tcp + before.timeout + before.http > 0) st.pending.push({ index, outcome, at: now });
    },
  };
}
