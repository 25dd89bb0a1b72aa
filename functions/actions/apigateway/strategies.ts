// Throttling strategies and usage-plan reads (apigateway 2018-08-08), as Terraform's Read and
// Delete of services and APIs call them: Describe/ModifyServiceEnvironmentStrategy,
// Describe/ModifyApiEnvironmentStrategy, DescribeServiceUsagePlan, DescribeApiUsagePlan.
// Strategies are kept and shown; nothing is metered (CH7), so they limit no call.
import { ApiError } from "../../errors";
import { serviceObject } from "../../objects/names";
import { DEFAULT_STRATEGY } from "../../objects/service-object";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { page, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { environmentRows } from "./service-reads";
import { environment, loadService } from "./services";

const S = SDK_SCHEMAS.apigateway!;
const V = "2018-08-08";
/** The most a strategy may be (Tencent's MaxStrategy); -1 means no limit. */
const MAX_STRATEGY = 5000;

function strategyOf(value: unknown): number {
  const n = value as number;
  if (!Number.isInteger(n) || (n !== -1 && (n < 1 || n > MAX_STRATEGY))) {
    throw new ApiError("InvalidParameterValue.RangeExceeded", `The parameter \`Strategy\` must be -1 (no limit) or 1 to ${MAX_STRATEGY}; got ${JSON.stringify(value)}.`);
  }
  return n;
}

async function lifecycleOf(ctx: ActionContext, serviceId: string) {
  const d = await loadService(ctx, serviceId);
  const l = await serviceObject(ctx.env, serviceId).lifecycle();
  if (!l) throw new ApiError("ResourceNotFound.InvalidService", `The service ${JSON.stringify(serviceId)} does not exist in ${ctx.region}.`);
  return { d, l };
}

async function describeServiceStrategy(p: Params, ctx: ActionContext) {
  const { d, l } = await lifecycleOf(ctx, p.ServiceId as string);
  const { offset, limit } = page(p.Offset, p.Limit);
  const rows = environmentRows(d.service, d.releases).map(({ release: _r, ...e }) => ({
    ...e,
    Strategy: l.strategies[e.EnvironmentName] ?? DEFAULT_STRATEGY.service,
    MaxStrategy: MAX_STRATEGY,
  }));
  return { Result: { TotalCount: rows.length, EnvironmentList: rows.slice(offset, offset + limit) } };
}

async function modifyServiceStrategy(p: Params, ctx: ActionContext) {
  const { d } = await lifecycleOf(ctx, p.ServiceId as string);
  const envs = (p.EnvironmentNames as string[]).map(environment);
  if (envs.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `EnvironmentNames.0`.");
  const n = strategyOf(p.Strategy);
  if (!(await serviceObject(ctx.env, d.service.serviceId).setStrategy(envs, n))) throw new ApiError("ResourceNotFound.InvalidService", `The service ${d.service.serviceId} does not exist.`);
  return { Result: true };
}

async function describeApiStrategy(p: Params, ctx: ActionContext) {
  const { d, l } = await lifecycleOf(ctx, p.ServiceId as string);
  const envs = ((p.EnvironmentNames as string[] | undefined) ?? []).map(environment);
  const shown = envs.length ? envs : ["release", "prepub", "test"];
  const { offset, limit } = page(p.Offset, p.Limit);
  const apis = d.apis.filter((a) => p.ApiId === undefined || a.apiId === p.ApiId).sort((a, b) => a.createdAt - b.createdAt || (a.apiId < b.apiId ? -1 : 1));
  const rows = apis.map((a) => ({
    ApiId: a.apiId,
    ApiName: a.name,
    Path: a.path,
    Method: a.method,
    EnvironmentStrategySet: shown.map((env) => ({ EnvironmentName: env, Quota: l.apiStrategies[a.apiId]?.[env] ?? DEFAULT_STRATEGY.api })),
  }));
  return { Result: { TotalCount: rows.length, ApiEnvironmentStrategySet: rows.slice(offset, offset + limit) } };
}

async function modifyApiStrategy(p: Params, ctx: ActionContext) {
  const { d } = await lifecycleOf(ctx, p.ServiceId as string);
  const env = environment(p.EnvironmentName as string);
  const ids = [...new Set(p.ApiIds as string[])];
  if (ids.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `ApiIds.0`.");
  unwrap(await serviceObject(ctx.env, d.service.serviceId).setApiStrategy(env, ids, strategyOf(p.Strategy)));
  return { Result: true };
}

// Usage plans are created with CreateUsagePlan and bound with BindEnvironment, which this service
// does not offer, so a service or API never has one: the lists are empty, the service must exist.
async function serviceUsagePlans(p: Params, ctx: ActionContext) {
  await loadService(ctx, p.ServiceId as string);
  page(p.Offset, p.Limit);
  return { Result: { TotalCount: 0, ServiceUsagePlanList: [] } };
}

async function apiUsagePlans(p: Params, ctx: ActionContext) {
  await loadService(ctx, p.ServiceId as string);
  page(p.Offset, p.Limit);
  return { Result: { TotalCount: 0, ApiUsagePlanList: [] } };
}

/** STRATEGY_ACTIONS is the throttling and usage-plan table (apigateway 2018-08-08). */
export const STRATEGY_ACTIONS: Record<string, ActionDef> = {
  DescribeServiceEnvironmentStrategy: { product: "apigateway", version: V, shape: S.DescribeServiceEnvironmentStrategy!, handler: describeServiceStrategy },
  ModifyServiceEnvironmentStrategy: { product: "apigateway", version: V, shape: S.ModifyServiceEnvironmentStrategy!, handler: modifyServiceStrategy },
  DescribeApiEnvironmentStrategy: { product: "apigateway", version: V, shape: S.DescribeApiEnvironmentStrategy!, handler: describeApiStrategy },
  ModifyApiEnvironmentStrategy: { product: "apigateway", version: V, shape: S.ModifyApiEnvironmentStrategy!, handler: modifyApiStrategy },
  DescribeServiceUsagePlan: { product: "apigateway", version: V, shape: S.DescribeServiceUsagePlan!, handler: serviceUsagePlans },
  DescribeApiUsagePlan: { product: "apigateway", version: V, shape: S.DescribeApiUsagePlan!, handler: apiUsagePlans },
};
