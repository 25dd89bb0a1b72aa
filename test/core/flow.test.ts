// Tables for policy-core's flow rules: Tencent port fields, protocols, whole rules (with the field
// checkRule names for each refusal) and first-match evaluation of a flow against a rule list.
import { describe, expect, it } from "vitest";
import { STATUS, reasonOf, type StatusName } from "../../policy-core/bindings/index";
import { loadCoreWithExports } from "../helpers/core-node";

const { core, exports: x } = await loadCoreWithExports();

type Field = "action" | "protocol" | "port" | "cidr";
type RuleRow = [action: string, protocol: string, port: string, cidr: string];

describe("parsePorts", () => {
  it.each<[string]>([
    // the empty field means every port
    [""],
    // ALL, in any case
    ["ALL"],
    ["all"],
    ["aLl"],
    // the lowest and highest ports
    ["1"],
    ["65535"],
    // an ordinary port; zeros that are not leading
    ["80"],
    ["10000"],
    // a range, and a range of one port
    ["8000-9000"],
    ["22-22"],
    // the whole space as a range
    ["1-65535"],
    // a comma list of ports
    ["80,443"],
    // a comma list mixing ports and ranges; overlapping and unordered items are fine
    ["22,80-90,443,8000-8100"],
    ["443,80,80-443"],
    // 128 items in 255 characters: the longest field the length guard lets through
    ["1" + ",1".repeat(127)],
  ])("accepts %j", (input) => {
    expect(core.parsePorts(input)).toEqual({ ok: true, status: 0 });
  });

  it.each<[string, StatusName]>([
    // zero is not a port
    ["0", "PORT_RANGE"],
    // one past the highest port
    ["65536", "PORT_RANGE"],
    // six digits: refused before reading them
    ["100000", "PORT_RANGE"],
    // a range ending past the top
    ["1-65536", "PORT_RANGE"],
    // a leading zero (would read as octal in some tools)
    ["080", "BAD_PORT"],
    ["00", "BAD_PORT"],
    // signs
    ["+80", "BAD_PORT"],
    ["-80", "BAD_PORT"],
    // spaces anywhere
    [" 80", "BAD_PORT"],
    ["80 ", "BAD_PORT"],
    ["80, 443", "BAD_PORT"],
    ["80 -90", "BAD_PORT"],
    // an empty item at either end or in the middle of a list
    ["80,", "BAD_PORT"],
    [",80", "BAD_PORT"],
    ["80,,443", "BAD_PORT"],
    // a range with an empty end
    ["80-", "BAD_PORT"],
    // a range with three ends
    ["80-9-10", "BAD_PORT"],
    // a range of port names or with another separator
    ["http", "BAD_PORT"],
    ["80:90", "BAD_PORT"],
    ["80;44", "BAD_PORT"],
    // an item of six characters or more is refused for its length before its characters are
    // read, so these report PORT_RANGE rather than BAD_PORT
    ["80;443", "PORT_RANGE"],
    ["80-90-100", "PORT_RANGE"],
    ["000080", "PORT_RANGE"],
    // ALL inside a list, and a word close to ALL
    ["ALL,80", "BAD_PORT"],
    ["ANY", "BAD_PORT"],
    // a digit from another script
    ["8\u0660", "BAD_PORT"],
    // a decimal point
    ["80.0", "BAD_PORT"],
    // a range running from high to low
    ["9000-8000", "PORT_ORDER"],
    ["80,443-442", "PORT_ORDER"],
    // 256 characters: over the length guard, even though every item is valid
    ["10" + ",1".repeat(127), "BAD_PORT"],
  ])("refuses %j with %s", (input, name) => {
    expect(core.parsePorts(input)).toEqual({ ok: false, status: STATUS[name], statusName: name, reason: reasonOf(STATUS[name]) });
  });
});

describe("checkRule", () => {
  it.each<RuleRow>([
    // the everyday rules
    ["ACCEPT", "TCP", "22", "10.0.0.0/16"],
    ["DROP", "UDP", "53", "192.168.1.1"],
    ["ACCEPT", "ICMP", "", "0.0.0.0/0"],
    ["ACCEPT", "ALL", "ALL", "0.0.0.0/0"],
    // action and protocol in any case
    ["accept", "tcp", "80,443", "10.0.0.0/8"],
    ["Drop", "Udp", "1-65535", "172.16.0.0/12"],
    // ICMP and ALL take the port field ALL (or empty)
    ["ACCEPT", "icmp", "ALL", "10.0.0.1"],
    ["DROP", "all", "", "10.0.0.0/24"],
    // 0.0.0.0/n is everything, whatever n
    ["ACCEPT", "TCP", "80", "0.0.0.0/8"],
    ["ACCEPT", "TCP", "80", "0.0.0.0/32"],
    // a single address as a /32
    ["ACCEPT", "TCP", "80", "10.1.2.3/32"],
  ])("accepts (%s, %s, %j, %s)", (action, protocol, port, cidr) => {
    // the canonical form Tencent lists: upper case, port ALL when none was given
    const canonical = { action: action.toUpperCase(), protocol: protocol.toUpperCase(), port: port === "" ? "ALL" : port.toUpperCase(), cidr };
    expect(core.checkRule({ action, protocol, port, cidr })).toEqual({ ok: true, rule: canonical });
  });

  it.each<[...RuleRow, StatusName, Field]>([
    // actions other than ACCEPT and DROP
    ["ALLOW", "TCP", "80", "10.0.0.0/16", "BAD_ACTION", "action"],
    ["", "TCP", "80", "10.0.0.0/16", "BAD_ACTION", "action"],
    ["ACCEPT ", "TCP", "80", "10.0.0.0/16", "BAD_ACTION", "action"],
    // the action is checked first: everything else is wrong too
    ["DENY", "GRE", "x", "x", "BAD_ACTION", "action"],
    // protocols other than TCP, UDP, ICMP and ALL
    ["ACCEPT", "GRE", "", "10.0.0.0/16", "BAD_PROTOCOL", "protocol"],
    ["ACCEPT", "ICMPv6", "", "10.0.0.0/16", "BAD_PROTOCOL", "protocol"],
    ["ACCEPT", "6", "80", "10.0.0.0/16", "BAD_PROTOCOL", "protocol"],
    ["ACCEPT", "", "80", "10.0.0.0/16", "BAD_PROTOCOL", "protocol"],
    // a bad port field
    ["ACCEPT", "TCP", "080", "10.0.0.0/16", "BAD_PORT", "port"],
    ["ACCEPT", "UDP", "0", "10.0.0.0/16", "PORT_RANGE", "port"],
    ["ACCEPT", "TCP", "90-80", "10.0.0.0/16", "PORT_ORDER", "port"],
    // ports with ICMP or ALL
    ["ACCEPT", "ICMP", "8", "10.0.0.0/16", "PORT_WITH_PROTOCOL", "port"],
    ["ACCEPT", "ALL", "80,443", "10.0.0.0/16", "PORT_WITH_PROTOCOL", "port"],
    // the port field is checked before the CIDR
    ["ACCEPT", "ALL", "80", "bad", "PORT_WITH_PROTOCOL", "port"],
    // no CIDR
    ["ACCEPT", "TCP", "80", "", "EMPTY", "cidr"],
    // host bits set
    ["ACCEPT", "TCP", "80", "10.0.0.1/16", "HOST_BITS_SET", "cidr"],
    ["ACCEPT", "TCP", "80", "192.168.1.1/24", "HOST_BITS_SET", "cidr"],
    // a malformed address or CIDR
    ["ACCEPT", "TCP", "80", "10.0.0", "BAD_PARTS", "cidr"],
    ["ACCEPT", "TCP", "80", "10.0.0.256", "OCTET_RANGE", "cidr"],
    ["ACCEPT", "TCP", "80", "010.0.0.0/8", "LEADING_ZERO", "cidr"],
    ["ACCEPT", "TCP", "80", "10.0.0.0/33", "BAD_PREFIX", "cidr"],
    ["ACCEPT", "TCP", "80", "10.0.0.0/", "BAD_PREFIX", "cidr"],
    ["ACCEPT", "TCP", "80", "any", "BAD_CHAR", "cidr"],
  ])("refuses (%s, %s, %j, %j) with %s in the %s field", (action, protocol, port, cidr, name, field) => {
    expect(core.checkRule({ action, protocol, port, cidr })).toEqual({ ok: false, field, reason: reasonOf(STATUS[name]) });
    expect(x.ruleListAdd(action, protocol, port, cidr)).toBe(STATUS[name]);
  });

  it("treats a missing port as ALL", () => {
    expect(core.checkRule({ action: "ACCEPT", protocol: "ICMP", cidr: "10.0.0.0/8" })).toEqual({ ok: true, rule: { action: "ACCEPT", protocol: "ICMP", port: "ALL", cidr: "10.0.0.0/8" } });
  });

  // Only the written form 0.0.0.0/n means everything; these carry host bits and are refused.
  it.each<[string]>([["10.0.0.0/0"], ["1.2.3.4/0"], ["0.0.0.1/8"], ["0.255.255.255/8"]])(
    "refuses the host-bits CIDR %j, which masks to 0.0.0.0, with HOST_BITS_SET",
    (cidr) => {
      expect(core.checkRule({ action: "ACCEPT", protocol: "TCP", port: "80", cidr })).toEqual({
        ok: false,
        field: "cidr",
        reason: reasonOf(STATUS.HOST_BITS_SET),
      });
    },
  );
});

/** evaluate loads a rule list into the standalone list and reports the first match for a flow. */
function evaluate(rules: RuleRow[], protocol: string, port: number, peer: string): number {
  x.ruleListReset();
  for (const r of rules) expect(x.ruleListAdd(...r), r.join(" ")).toBe(0);
  return x.ruleListEval(protocol, port, peer);
}

const WEB: RuleRow[] = [
  ["DROP", "TCP", "22", "10.0.9.0/24"], // 0: no SSH from the lab
  ["ACCEPT", "TCP", "22,80,443", "10.0.0.0/16"], // 1: SSH and the web from the VPC
  ["ACCEPT", "UDP", "53", "10.0.0.2"], // 2: DNS from the resolver
  ["ACCEPT", "ICMP", "ALL", "0.0.0.0/0"], // 3: ping from anywhere
  ["DROP", "ALL", "ALL", "10.0.0.0/8"], // 4: nothing else from 10/8
  ["ACCEPT", "TCP", "8000-8999", "0.0.0.0/0"], // 5: the app ports from anywhere else
];

describe("ruleListEval", () => {
  it.each<[string, number, string, number]>([
    // SSH from the lab hits the DROP first
    ["TCP", 22, "10.0.9.7", 0],
    // SSH from elsewhere in the VPC: rule 1
    ["TCP", 22, "10.0.1.7", 1],
    // protocol names in any case
    ["tcp", 443, "10.0.255.255", 1],
    // HTTP from the lab is not port 22: rule 1
    ["TCP", 80, "10.0.9.7", 1],
    // DNS from the resolver; DNS over TCP is not rule 2, so the catch-all DROP
    ["UDP", 53, "10.0.0.2", 2],
    ["TCP", 53, "10.0.0.2", 4],
    // DNS from another address of the VPC
    ["UDP", 53, "10.0.0.3", 4],
    // ICMP ignores the port entirely
    ["ICMP", 0, "8.8.8.8", 3],
    ["ICMP", 70000, "10.0.9.7", 3],
    // 8080 from 10/8 is dropped by rule 4 before rule 5
    ["TCP", 8080, "10.200.0.1", 4],
    // 8080 from outside 10/8: rule 5 (0.0.0.0/0)
    ["TCP", 8080, "11.0.0.1", 5],
    // the range ends
    ["TCP", 8000, "255.255.255.255", 5],
    ["TCP", 8999, "0.0.0.0", 5],
    // just outside the range, outside 10/8: no rule, default deny
    ["TCP", 9000, "11.0.0.1", -1],
    ["UDP", 53, "11.0.0.1", -1],
    // the address range ends of 10.0.0.0/16
    ["TCP", 80, "10.0.0.0", 1],
    ["TCP", 80, "10.1.0.0", 4],
  ])("matches %s %i from %s at rule %i", (protocol, port, peer, want) => {
    const got = evaluate(WEB, protocol, port, peer);
    expect(got).toBe(want);
    if (want >= 0) expect(x.ruleAccepts(got)).toBe(WEB[want]![0] === "ACCEPT" ? 1 : 0);
  });

  it("reports -1 (default deny) for an empty list", () => {
    expect(evaluate([], "TCP", 80, "10.0.0.1")).toBe(-1);
  });

  it.each<[string, RuleRow[], string, number, string, number]>([
    ["0.0.0.0/8 is everything", [["ACCEPT", "TCP", "80", "0.0.0.0/8"]], "TCP", 80, "200.1.1.1", 0],
    ["a single address matches itself only", [["ACCEPT", "TCP", "80", "10.0.0.5"]], "TCP", 80, "10.0.0.6", -1],
    ["a /32 matches its one address", [["ACCEPT", "TCP", "80", "10.0.0.5/32"]], "TCP", 80, "10.0.0.5", 0],
    ["a port list holds each item", [["ACCEPT", "UDP", "53,123,500-501", "0.0.0.0/0"]], "UDP", 501, "1.1.1.1", 0],
    ["a port list holds nothing between items", [["ACCEPT", "UDP", "53,123,500-501", "0.0.0.0/0"]], "UDP", 124, "1.1.1.1", -1],
    ["protocol ALL matches UDP", [["DROP", "ALL", "", "0.0.0.0/0"]], "UDP", 1, "1.1.1.1", 0],
    ["a TCP rule does not match ICMP", [["ACCEPT", "TCP", "ALL", "0.0.0.0/0"]], "ICMP", 0, "1.1.1.1", -1],
    ["a UDP rule does not match TCP", [["ACCEPT", "UDP", "ALL", "0.0.0.0/0"]], "TCP", 80, "1.1.1.1", -1],
    ["the first of two matching rules wins", [["DROP", "TCP", "80", "10.0.0.0/8"], ["ACCEPT", "TCP", "80", "10.0.0.0/8"]], "TCP", 80, "10.0.0.1", 0],
  ])("%s", (_name, rules, protocol, port, peer, want) => {
    expect(evaluate(rules, protocol, port, peer)).toBe(want);
  });

  it.each<[string, string, number, string, StatusName]>([
    // a flow has one protocol: ALL is for rules
    ["protocol ALL", "ALL", 80, "10.0.0.1", "FLOW_PROTOCOL"],
    ["an unknown protocol", "GRE", 0, "10.0.0.1", "BAD_PROTOCOL"],
    ["port 0 for TCP", "TCP", 0, "10.0.0.1", "PORT_RANGE"],
    ["port 65536 for UDP", "UDP", 65536, "10.0.0.1", "PORT_RANGE"],
    ["a malformed peer", "TCP", 80, "10.0.0.01", "LEADING_ZERO"],
    ["a CIDR as the peer", "TCP", 80, "10.0.0.0/8", "BAD_CHAR"],
    ["an empty peer", "TCP", 80, "", "EMPTY"],
  ])("reports -status for %s", (_name, protocol, port, peer, name) => {
    expect(evaluate(WEB, protocol, port, peer)).toBe(-STATUS[name]);
  });

  it("keeps the list unchanged when a rule is refused", () => {
    x.ruleListReset();
    expect(x.ruleListAdd("ACCEPT", "TCP", "80", "10.0.0.0/8")).toBe(0);
    expect(x.ruleListAdd("ACCEPT", "TCP", "0", "0.0.0.0/0")).toBe(STATUS.PORT_RANGE);
    expect(x.ruleListEval("TCP", 80, "11.0.0.1")).toBe(-1);
    expect(x.ruleAccepts(1)).toBe(-1);
  });

  it.each<[number]>([[-1], [6], [1000]])("ruleAccepts(%i) reports -1 outside the list", (i) => {
    evaluate(WEB, "TCP", 80, "10.0.0.1");
    expect(x.ruleAccepts(i)).toBe(-1);
  });
});
