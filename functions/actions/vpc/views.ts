// Read-side helpers shared by the VPC and ClassicLink actions: the region's VPCs with their
// links and subnets, gathered from each VPC's object.
import { regionDirectory, vpcObject } from "../../objects/names";
import type { LinkRecord, RouteRecord, SubnetRecord, VpcRecord } from "../../objects/records";
import type { ActionContext } from "../context";
import { mapLimit } from "../fan-out";

/** A VPC with its links and subnets as its object reports them. */
export interface VpcView {
  vpc: VpcRecord;
  links: LinkRecord[];
  subnets: SubnetRecord[];
  routes: RouteRecord[];
}

/** regionVpc reports one VPC of the caller's region (null for a malformed id, an unknown VPC or another region's). */
export async function regionVpc(ctx: ActionContext, vpcId: string): Promise<VpcView | null> {
  if (!/^vpc-[a-z0-9]{8}$/.test(vpcId)) return null;
  const v = await vpcObject(ctx.env, ctx.account, vpcId).describe();
  return v && v.vpc.region === ctx.region ? v : null;
}

/** regionVpcs reports the region's VPCs in creation order (optionally only the given ids). */
export async function regionVpcs(ctx: ActionContext, only?: string[]): Promise<VpcView[]> {
  const ids = await regionDirectory(ctx.env, ctx.account, ctx.region).vpcIds();
  const wanted = only ? ids.filter((id) => only.includes(id)) : ids;
  const views = await mapLimit(wanted, (id) => vpcObject(ctx.env, ctx.account, id).describe());
  return views.filter((v): v is NonNullable<typeof v> => v !== null && v.vpc.region === ctx.region);
}
