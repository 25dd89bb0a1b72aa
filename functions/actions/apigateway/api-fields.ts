// The ApiInfo fields an API keeps as CreateApi/ModifyApi sent them (AuthType, EnableCORS,
// RequestParameters, …) and the wire views DescribeApi, DescribeApisStatus and DescribeService
// build from an API record. Pure: no I/O.
import { ApiError } from "../../errors";
import type { ApiRecord, ServiceRecord } from "../../objects/records";
import { isoTime, type Params } from "../context";

/**
 * KEPT maps every ApiInfo field that CreateApi/ModifyApi also take (and that this service does not
 * model itself) to what DescribeApi shows when it was never sent.
 */
const KEPT: Record<string, unknown> = {
  ApiType: "NORMAL",
  AuthType: "NONE",
  ApiBusinessType: "",
  AuthRelationApiId: "",
  OauthConfig: null,
  IsDebugAfterCharge: false,
  ResponseType: "",
  ResponseSuccessExample: "",
  ResponseFailExample: "",
  ResponseErrorCodes: [],
  RequestParameters: [],
  ServiceParameters: [],
  ConstantParameters: [],
  ServiceScfFunctionName: "",
  ServiceScfFunctionNamespace: "",
  ServiceScfFunctionQualifier: "",
  ServiceScfIsIntegratedResponse: false,
  ServiceWebsocketRegisterFunctionName: "",
  ServiceWebsocketRegisterFunctionNamespace: "",
  ServiceWebsocketRegisterFunctionQualifier: "",
  ServiceWebsocketCleanupFunctionName: "",
  ServiceWebsocketCleanupFunctionNamespace: "",
  ServiceWebsocketCleanupFunctionQualifier: "",
  ServiceWebsocketTransportFunctionName: "",
  ServiceWebsocketTransportFunctionNamespace: "",
  ServiceWebsocketTransportFunctionQualifier: "",
  MicroServices: [],
  ServiceTsfLoadBalanceConf: null,
  ServiceTsfHealthCheckConf: null,
  EnableCORS: false,
  IsBase64Encoded: false,
  IsBase64Trigger: false,
  Base64EncodedTriggerRules: [],
  ServiceScfEventIsAsyncCall: false,
};

const API_TYPES = ["NORMAL", "TSF"];
const AUTH_TYPES = ["SECRET", "NONE", "OAUTH", "APP", "EIAM"];
const POSITIONS = ["PATH", "QUERY", "HEADER", "BODY"];

function options(value: unknown, allowed: string[], field: string): void {
  if (value !== undefined && !allowed.includes(String(value).toUpperCase())) {
    throw new ApiError("InvalidParameterValue.NotInOptions", `The parameter \`${field}\` must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}.`);
  }
}

type Param = { Name?: string; Position?: string; Type?: string; DefaultValue?: string; Required?: boolean; Desc?: string };

function requestParameters(list: Param[] | undefined): Param[] | undefined {
  if (!list) return undefined;
  const seen = new Set<string>();
  return list.map((r, i) => {
    if (!r.Name) throw new ApiError("InvalidParameterValue.InvalidRequestParameters", `The parameter \`RequestParameters.${i}.Name\` is missing or empty.`);
    options(r.Position, POSITIONS, `RequestParameters.${i}.Position`);
    const key = `${(r.Position ?? "").toUpperCase()}:${r.Name}`;
    if (seen.has(key)) throw new ApiError("InvalidParameterValue.InvalidRequestParameters", `The request parameter ${JSON.stringify(r.Name)} appears twice in ${r.Position ?? "?"}.`);
    seen.add(key);
    // ReqParameter has all six fields; what was not sent reads back empty
    return { Name: r.Name, Position: r.Position ?? "", Type: r.Type ?? "", DefaultValue: r.DefaultValue ?? "", Required: r.Required ?? false, Desc: r.Desc ?? "" };
  });
}

/** keptFields reports the ApiInfo fields of a CreateApi/ModifyApi call, checked, as the JSON text to store. */
export function keptFields(p: Params): string {
  options(p.ApiType, API_TYPES, "ApiType");
  options(p.AuthType, AUTH_TYPES, "AuthType");
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(KEPT)) if (p[name] !== undefined) out[name] = p[name];
  if (out.ApiType !== undefined) out.ApiType = String(out.ApiType).toUpperCase();
  if (out.AuthType !== undefined) out.AuthType = String(out.AuthType).toUpperCase();
  const rp = requestParameters(p.RequestParameters as Param[] | undefined);
  if (rp) out.RequestParameters = rp;
  return JSON.stringify(out);
}

const parsed = new WeakMap<ApiRecord, Record<string, unknown>>();

/** kept reports one kept field of an API (its default when never sent). */
export function kept(api: ApiRecord, name: string): unknown {
  let f = parsed.get(api);
  if (!f) parsed.set(api, (f = api.fields ? (JSON.parse(api.fields) as Record<string, unknown>) : {}));
  return f[name] ?? KEPT[name];
}

/** apiInfoWire renders an API as DescribeApi's ApiInfo: every field the model has. */
export function apiInfoWire(service: ServiceRecord, api: ApiRecord, environments: string[]) {
  const b = api.backend;
  const keptView: Record<string, unknown> = {};
  for (const name of Object.keys(KEPT)) keptView[name] = kept(api, name);
  return {
    ServiceId: service.serviceId,
    ServiceName: service.name,
    ServiceDesc: service.description,
    ApiId: api.apiId,
    ApiDesc: api.description,
    CreatedTime: isoTime(api.createdAt),
    ModifiedTime: isoTime(api.modifiedAt),
    ApiName: api.name,
    Protocol: api.protocol,
    ...keptView,
    RequestConfig: { Path: api.path, Method: api.method },
    ServiceTimeout: api.timeoutSeconds,
    ServiceType: b.serviceType,
    ServiceConfig: { Product: b.product ?? "", UniqVpcId: b.uniqVpcId ?? "", Url: b.urlAsSent ?? b.url ?? "", Path: b.path ?? "", Method: b.method ?? "", UpstreamId: b.upstreamId ?? "" },
    ServiceMockReturnMessage: b.mockReturn ?? "",
    InternalDomain: "",
    MicroServicesInfo: [],
    Tags: [],
    Environments: environments,
  };
}

function oauthWire(api: ApiRecord) {
  const o = (kept(api, "OauthConfig") ?? {}) as { PublicKey?: string; TokenLocation?: string; LoginRedirectUrl?: string };
  return { PublicKey: o.PublicKey ?? "", TokenLocation: o.TokenLocation ?? "", LoginRedirectUrl: o.LoginRedirectUrl ?? "" };
}

function statusBase(service: ServiceRecord, api: ApiRecord) {
  return {
    ServiceId: service.serviceId,
    ApiId: api.apiId,
    ApiDesc: api.description,
    Path: api.path,
    Method: api.method,
    CreatedTime: isoTime(api.createdAt),
    ModifiedTime: isoTime(api.modifiedAt),
    ApiName: api.name,
    UniqVpcId: api.backend.uniqVpcId ?? "",
    ApiType: kept(api, "ApiType") as string,
    Protocol: api.protocol,
    IsDebugAfterCharge: kept(api, "IsDebugAfterCharge") as boolean,
    AuthType: kept(api, "AuthType") as string,
    ApiBusinessType: kept(api, "ApiBusinessType") as string,
    AuthRelationApiId: kept(api, "AuthRelationApiId") as string,
    OauthConfig: oauthWire(api),
    RelationBuniessApiIds: [] as string[],
  };
}

/** apiIdStatusWire renders an API as DescribeService's ApiIdStatus. */
export function apiIdStatusWire(service: ServiceRecord, api: ApiRecord) {
  return { ...statusBase(service, api), TokenLocation: oauthWire(api).TokenLocation };
}

/** apisStatusWire renders an API as DescribeApisStatus's DescribeApisStatusResultApiIdStatusSetInfo. */
export function apisStatusWire(service: ServiceRecord, api: ApiRecord) {
  return { ...statusBase(service, api), VpcId: 0, Tags: [] as string[] };
}
