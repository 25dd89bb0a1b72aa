import { describe, expect, inject, it } from "vitest";
import { clients } from "../helpers/sdk";

describe("CreateVpc", () => {
  it("creates a VPC through the official SDK", async () => {
    const { vpc } = clients(inject("devPort"));
    const r = await vpc.CreateVpc({ VpcName: "smoke", CidrBlock: "10.3.0.0/16" });
    expect(r.Vpc?.VpcId).toMatch(/^vpc-[a-z0-9]{8}$/);
  });
});
