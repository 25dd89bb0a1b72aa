// The data plane's pure logic: nginx smooth weighted round robin, passive health, API matching
// and backend paths.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freshHealth, isHealthy, pickSwrr, recordOutcome, type PassiveCheck } from "../../functions/dataplane/swrr";
import { backendPath, matchApi } from "../../functions/dataplane/route";
import { BadAnswer, parseAnswer, requestHead, UnsafeRequest } from "../../functions/dataplane/http1";
import type { ApiRecord } from "../../functions/objects/records";

function sequence(weights: number[], n: number, eligible: (i: number) => boolean = () => true): number[] {
  const current = weights.map(() => 0);
  return Array.from({ length: n }, () => pickSwrr(weights, current, eligible));
}

describe("pickSwrr", () => {
  it("gives nginx's a a b a c a a for weights 5,1,1, repeating", () => {
    const names = sequence([5, 1, 1], 14).map((i) => "abc"[i]).join(" ");
    expect(names).toBe("a a b a c a a a a b a c a a");
  });

  it.each([
    [[3, 2, 1], 12, [6, 4, 2]],
    [[3, 0, 1], 12, [9, 0, 3]],
    [[1, 1, 1], 9, [3, 3, 3]],
    [[100, 1], 101, [100, 1]],
  ])("spreads weights %j over %i picks as %j", (weights, n, counts) => {
    const got = weights.map(() => 0);
    for (const i of sequence(weights, n)) got[i]!++;
    expect(got).toEqual(counts);
  });

  it("gives every node exactly its weight in any window of sum(w) picks from a fresh state, and never strays more than about one pick from the ideal share", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 8 }), (weights) => {
        const total = weights.reduce((a, b) => a + b, 0);
        if (total === 0) return sequence(weights, 3).every((i) => i === -1);
        const picks = sequence(weights, total * 3);
        for (let w = 0; w < 3; w++) {
          const counts = weights.map(() => 0);
          for (const i of picks.slice(w * total, (w + 1) * total)) counts[i]!++;
          expect(counts).toEqual(weights);
        }
        const counts = weights.map(() => 0);
        picks.forEach((i, t) => {
          counts[i]!++;
          weights.forEach((wt, j) => expect(Math.abs(counts[j]! - ((t + 1) * wt) / total)).toBeLessThan(weights.length));
        });
        return true;
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("never picks a node that is not eligible and reports -1 when none is", () => {
    expect(sequence([5, 1, 1], 10, (i) => i !== 0).every((i) => i === 1 || i === 2)).toBe(true);
    expect(sequence([5, 1, 1], 3, () => false)).toEqual([-1, -1, -1]);
  });
});

describe("recordOutcome", () => {
  const check: PassiveCheck = { tcpFailureThreshold: 2, timeoutThreshold: 1, httpFailureThreshold: 0, unhealthyTimeoutMs: 30_000 };

  it("takes a node out of rotation at its kind's threshold and brings it back after the timeout", () => {
    let h = recordOutcome(freshHealth(), "tcp", check, 1000);
    expect(isHealthy(h, 1000)).toBe(true);
    h = recordOutcome(h, "tcp", check, 2000);
    expect(isHealthy(h, 2000)).toBe(false);
    expect(isHealthy(h, 31_999)).toBe(false);
    expect(isHealthy(h, 32_000)).toBe(true);
  });

  it("ignores a kind whose threshold is 0 and clears the counters on success", () => {
    let h = freshHealth();
    for (let i = 0; i < 10; i++) h = recordOutcome(h, "http", check, i);
    expect(isHealthy(h, 10)).toBe(true);
    h = recordOutcome(recordOutcome(h, "tcp", check, 11), "ok", check, 12);
    expect(h.tcp).toBe(0);
    expect(isHealthy(recordOutcome(h, "timeout", check, 13), 14)).toBe(false);
  });
});

function api(path: string, method = "GET", backend: Partial<ApiRecord["backend"]> = {}): ApiRecord {
  return { apiId: `api-${path}${method}`, name: "", description: "", protocol: "HTTP", path, method, timeoutSeconds: 5, backend: { serviceType: "UPSTREAM", ...backend }, createdAt: 0, modifiedAt: 0 };
}

describe("matchApi", () => {
  const apis = [api("/users"), api("/users/{id}"), api("/users/me"), api("/files", "ANY"), api("/", "POST")];

  it.each([
    ["GET", "/users", "/users", ""],
    ["GET", "/users/me", "/users/me", ""],
    ["GET", "/users/42", "/users/{id}", ""],
    ["GET", "/users/42/photos", "/users/{id}", "/photos"],
    ["DELETE", "/files/a/b", "/files", "/a/b"],
    ["POST", "/anything", "/", "/anything"],
  ])("matches %s %s to %s (rest %j)", (method, path, want, rest) => {
    const m = matchApi(apis, method, path);
    expect(m?.api.path).toBe(want);
    expect(m?.rest).toBe(rest);
  });

  it("answers null when no API fits the method and path", () => {
    expect(matchApi(apis, "PUT", "/users")).toBeNull();
  });
});

describe("backendPath", () => {
  it.each([
    [api("/users/{id}", "GET", { path: "/v1/people/{id}" }), "/users/42/photos", "/v1/people/42/photos"],
    [api("/hello", "GET", { path: "/backend" }), "/hello", "/backend"],
    [api("/hello"), "/hello/x", "/hello/x"],
    [api("/a", "GET", { path: "/" }), "/a/b", "/b"],
    [api("/p/{__proto__}", "GET", { path: "/q/{__proto__}/{toString}" }), "/p/7", "/q/7"],
  ])("maps %# to the backend path", (a, path, want) => {
    expect(backendPath(matchApi([a], "GET", path)!)).toBe(want);
  });
});

describe("parseAnswer", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it("reads status, headers and a Content-Length body", async () => {
    const r = parseAnswer(bytes("HTTP/1.1 201 Created\r\nX-A: 1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 5\r\n\r\nhelloEXTRA"), "GET");
    expect(r.status).toBe(201);
    expect(r.headers.get("x-a")).toBe("1");
    expect(r.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(await r.text()).toBe("hello");
  });

  it("decodes a chunked body and refuses a cut one", async () => {
    const r = parseAnswer(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"), "GET");
    expect(await r.text()).toBe("hello world");
    expect(() => parseAnswer(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"), "GET")).toThrow(/chunked/);
  });

  it("gives HEAD and 204 answers no body and refuses what is not HTTP", async () => {
    expect(await parseAnswer(bytes("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"), "HEAD").text()).toBe("");
    expect(parseAnswer(bytes("HTTP/1.0 204 No Content\r\n\r\n"), "GET").status).toBe(204);
    expect(() => parseAnswer(bytes("SSH-2.0-OpenSSH\r\n\r\n"), "GET")).toThrow(/not HTTP/);
    expect(() => parseAnswer(bytes("HTTP/1.1 200 OK\r\nContent-"), "GET")).toThrow(/complete answer/);
  });
});

describe("parseAnswer refuses what is not a complete answer", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it.each([
    ["a body shorter than its Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nfifteen bytes!!", /cut short: 15 of 100000/],
    ["a chunk shorter than its size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc", /chunked/],
    ["no last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", /chunked/],
    ["a chunk size that is not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3zz\r\nabc\r\n0\r\n\r\n", /chunked/],
    ["a garbage status", "HTTP/1.1 2OO OK\r\n\r\n", /not HTTP/],
    ["status 999", "HTTP/1.1 999 Odd\r\n\r\n", /not HTTP/],
    ["a header line without a colon", "HTTP/1.1 200 OK\r\nnope\r\n\r\n", /malformed header/],
    ["a negative Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", /Content-Length/],
    ["headers over 64 KiB", `HTTP/1.1 200 OK\r\nX: ${"a".repeat(70_000)}\r\n\r\n`, /larger than/],
  ])("refuses %s", (_, raw, why) => {
    expect(() => parseAnswer(bytes(raw), "GET")).toThrow(BadAnswer);
    expect(() => parseAnswer(bytes(raw), "GET")).toThrow(why);
  });
});

describe("requestHead never writes an unchecked value", () => {
  const base = { method: "GET", pathAndQuery: "/a?b=c", hostHeader: "h.example", headers: new Headers({ "x-a": "1" }), body: null };
  it("writes the request line, Host, the headers and Connection: close", () => {
    expect(requestHead(base)).toBe("GET /a?b=c HTTP/1.1\r\nHost: h.example\r\nx-a: 1\r\nConnection: close\r\n\r\n");
  });
  it.each([
    ["a Host with CR/LF", { hostHeader: "h.example\r\nX-Injected: 1" }],
    ["a Host with NUL", { hostHeader: "h.example\0" }],
    ["a Host with a space", { hostHeader: "h.example x" }],
    ["a target with CR/LF", { pathAndQuery: "/a\r\nX-Injected: 1" }],
    ["a target with a space", { pathAndQuery: "/a HTTP/1.0" }],
    ["a target with NUL", { pathAndQuery: "/a\0" }],
    ["a target not starting with /", { pathAndQuery: "http://evil/" }],
    ["a method that is no token", { method: "GET /x HTTP/1.1\r\n" }],
  ])("refuses %s", (_, change) => {
    expect(() => requestHead({ ...base, ...change })).toThrow(UnsafeRequest);
  });
  it("refuses a header value holding CR or LF even if a Headers-like object lets one through", () => {
    const sneaky = { forEach: (f: (v: string, k: string) => void) => f("1\r\nX-Injected: 2", "x-a") } as unknown as Headers;
    expect(() => requestHead({ ...base, headers: sneaky })).toThrow(UnsafeRequest);
    const badName = { forEach: (f: (v: string, k: string) => void) => f("1", "x-a\r\nX-Injected") } as unknown as Headers;
    expect(() => requestHead({ ...base, headers: badName })).toThrow(UnsafeRequest);
  });
});
