// The planner page's script: runs policy-core's wasm in the browser and shows each verdict with
// its reason. No rule is decided here; every answer comes from the core.
import wasmBytes from "../../policy-core/build/policy-core.wasm";
import { instantiate } from "../../policy-core/build/policy-core.js";
import { PolicyCore, type Verdict } from "../../policy-core/bindings/index";

function row(rule: string, v: Verdict): string {
  const text = v.ok ? "passes" : `fails: ${v.reason}`;
  return `<tr><th scope="row">${rule}</th><td class="${v.ok ? "ok" : "no"}" data-status="${v.status}">${text}</td></tr>`;
}

async function main(): Promise<void> {
  const module = await WebAssembly.compile(wasmBytes as unknown as Uint8Array);
  const core = new PolicyCore(await instantiate(module, { env: {} }));
  const cidr = document.querySelector<HTMLInputElement>("#cidr")!;
  const ip = document.querySelector<HTMLInputElement>("#ip")!;
  const showCidr = () => {
    const s = cidr.value.trim();
    const parsed = core.parseCidr(s);
    document.querySelector("#cidr-verdicts")!.innerHTML = [
      row("Strict CIDR", parsed.ok ? { ok: true, status: 0 } : parsed),
      row("Tencent VPC CIDR", core.vpcCidr(s)),
      row("ClassicLink (CL6)", core.classicLinkCidr(s)),
    ].join("");
  };
  const showIp = () => {
    const s = ip.value.trim();
    const parsed = core.parseIpv4(s);
    document.querySelector("#ip-verdicts")!.innerHTML = [
      row("Strict IPv4", parsed.ok ? { ok: true, status: 0 } : parsed),
      row("Classic network address", core.classicIp(s)),
      row("Inside the VPC CIDR", core.containsIp(cidr.value.trim(), s) ? { ok: true, status: 0 } : { ok: false, status: -1, statusName: "BAD_CHAR", reason: "the address is not inside the VPC CIDR above" }),
    ].join("");
  };
  cidr.addEventListener("input", () => (showCidr(), showIp()));
  ip.addEventListener("input", showIp);
  showCidr();
  showIp();
  document.body.dataset.ready = "1";
}

void main();
