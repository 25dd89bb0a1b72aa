import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("POST /", () => {
  it("answers an unsigned call with an AuthFailure envelope", async () => {
    const r = await SELF.fetch("http://127.0.0.1/", { method: "POST", body: "{}" });
    expect(r.status).toBe(200);
    const j = (await r.json()) as { Response: { Error: { Code: string } } };
    expect(j.Response.Error.Code).toBe("AuthFailure.InvalidAuthorization");
  });
});
