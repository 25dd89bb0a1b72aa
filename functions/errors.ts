// The one error type of the service, its code union, and each code's API 3.0 and v2 spelling.
// Every mapping from an internal failure to a wire error lives here; nothing here does I/O.

/** Every API 3.0 error code the service can answer with. */
export type ErrorCode =
  | "AuthFailure.InvalidAuthorization"
  | "AuthFailure.SecretIdNotFound"
  | "AuthFailure.SignatureExpire"
  | "AuthFailure.SignatureFailure"
  | "DryRunOperation"
  | "FailedOperation"
  | "FailedOperation.InstanceNotExist"
  | "FailedOperation.SecurityGroupActionFailed"
  | "InvalidParameter.FormatError"
  | "InvalidParameterValue.InvalidApiRequestConfig"
  | "InvalidParameterValue.InvalidBackendPath"
  | "InvalidParameterValue.InvalidFilterNotSupportedName"
  | "InvalidParameterValue.InvalidServiceConfig"
  | "InvalidParameterValue.InvalidServiceType"
  | "InvalidParameterValue.InvalidUpstream"
  | "InvalidParameterValue.InvalidVpcConfig"
  | "InvalidParameterValue.NotInOptions"
  | "InvalidParameterValue.RangeExceeded"
  | "ResourceNotFound.InvalidApi"
  | "ResourceNotFound.InvalidService"
  | "UnsupportedOperation.CcnAttached"
  | "UnsupportedOperation.CcnNotAttached"
  | "UnsupportedOperation.UnsupportedDeleteUpstream"
  | "UnsupportedOperation.VersionMismatch"
  | "UnsupportedOperation.VpcMismatch"
  // apigateway lifecycle (issue 9), as Tencent's DeleteService / ModifyService list them
  | "UnsupportedOperation.ExistingOnlineEnvironment"
  | "UnsupportedOperation.ApiListNotEmpty"
  | "UnsupportedOperation.ReduceNetTypes"
  | "InvalidParameterValue.InvalidRequestParameters"
  | "InternalError"
  | "InvalidAction"
  | "InvalidParameter"
  | "InvalidParameter.FilterInvalidKey"
  | "InvalidParameter.FilterValuesNotList"
  | "InvalidParameterValue"
  | "InvalidParameterValue.Duplicate"
  | "InvalidParameterValue.LimitExceeded"
  | "InvalidParameterValue.Malformed"
  | "InvalidParameterValue.Range"
  | "InvalidParameterValue.SubnetConflict"
  | "InvalidParameterValue.Zone"
  | "InvalidParameterValue.TooLong"
  | "InvalidParameterValue.VpcCidrConflict"
  | "InvalidInstanceId.Malformed"
  // tag 2018-08-13
  | "InvalidParameter.ReservedTagKey"
  | "InvalidParameterValue.DeleteTagsParamError"
  | "InvalidParameterValue.OffsetInvalid"
  | "InvalidParameterValue.RegionInvalid"
  | "InvalidParameterValue.ResourceDescriptionError"
  | "InvalidParameterValue.ResourceIdInvalid"
  | "InvalidParameterValue.ResourcePrefixInvalid"
  | "InvalidParameterValue.ServiceTypeInvalid"
  | "InvalidParameterValue.TagFilters"
  | "InvalidParameterValue.TagFiltersLengthExceeded"
  | "InvalidParameterValue.TagValueEmpty"
  | "InvalidParameterValue.UinInvalid"
  | "FailedOperation.TagAttachedResource"
  | "LimitExceeded.ResourceNumPerRequest"
  | "LimitExceeded.TagKey"
  | "LimitExceeded.TagNumPerRequest"
  | "LimitExceeded.TagValue"
  | "ResourceInUse.TagDuplicate"
  | "ResourceInUse.TagKeyAttached"
  | "ResourceNotFound.AttachedTagKeyNotFound"
  | "ResourceNotFound.TagNonExist"
  | "InvalidParameterValue.TagKeyCharacterIllegal"
  | "InvalidParameterValue.TagKeyDuplicate"
  | "InvalidParameterValue.TagKeyEmpty"
  | "InvalidParameterValue.TagKeyLengthExceeded"
  | "InvalidParameterValue.TagValueCharacterIllegal"
  | "InvalidParameterValue.TagValueLengthExceeded"
  | "LimitExceeded.ResourceAttachedTags"
  | "InvalidInstanceId.NotFound"
  | "LimitExceeded"
  | "MissingParameter"
  | "NoSuchVersion"
  | "RequestSizeLimitExceeded"
  | "ResourceInUse"
  | "ResourceNotFound"
  | "UnknownParameter"
  | "UnsupportedOperation"
  | "UnsupportedOperation.CIDRUnSupportedClassicLink"
  | "UnsupportedOperation.ClassicInstanceIdAlreadyExists"
  | "UnsupportedOperation.InstanceMismatch"
  | "UnsupportedOperation.InvalidInstanceState"
  | "UnsupportedOperation.InstanceStateRunning"
  | "UnsupportedOperation.InstanceStateStopped"
  | "UnsupportedProtocol"
  | "UnsupportedRegion"
  // v2-only business codes (the seed's names), answered only on /v2/index.php.
  | "InvalidInstance.NotFound"
  | "InvalidVpc.NotFound"
  | "InstanceLimitExceeded"
  | "InstanceAlreadyLinked"
  | "InvalidInstance.NotSupported"
  | "InvalidVpc.CidrNotSupported"
  | "InvalidTask.NotFound"
  | "InvalidLanIp.NotFound"
  | "ReplayAttack";

/** ApiError is the only error type: a code from the union and a message naming the culprit. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The v2 business code where it is more specific than the v3 code's default mapping. */
    readonly v2Code?: ErrorCode,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** A failure as plain data, for results that cross Durable Object RPC. */
export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
  v2Code?: ErrorCode;
}

/** fail builds a Failure value (Durable Objects return these rather than throwing). */
export function fail(code: ErrorCode, message: string, v2Code?: ErrorCode): Failure {
  return v2Code ? { ok: false, code, message, v2Code } : { ok: false, code, message };
}

/** raise turns a Failure back into an ApiError on the Worker side. */
export function raise(f: Failure): never {
  throw new ApiError(f.code, f.message, f.v2Code);
}

/** toApiError reports any thrown value as an ApiError; unknown throws become InternalError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError("InternalError", "An internal error occurred; the request was not applied twice and may be retried.");
}

/** The v2 form of one error: numeric class code and the named business code for codeDesc. */
interface V2Error {
  code: number;
  codeDesc: string;
}

// v3 code → v2 (numeric class, business name). Numeric classes follow the v2 VPC error page:
// 4000 bad parameter, 4100 signature, 4104 unknown SecretId, 4400 quota, 4500 replay,
// 5000 resource missing, 5100 operation failed, 6000 internal.
const V2_MAP: Partial<Record<ErrorCode, V2Error>> = {
  "AuthFailure.SignatureFailure": { code: 4100, codeDesc: "AuthFailure.SignatureFailure" },
  "AuthFailure.InvalidAuthorization": { code: 4100, codeDesc: "AuthFailure.InvalidAuthorization" },
  "AuthFailure.SecretIdNotFound": { code: 4104, codeDesc: "AuthFailure.SecretIdNotFound" },
  "AuthFailure.SignatureExpire": { code: 4500, codeDesc: "AuthFailure.SignatureExpire" },
  ReplayAttack: { code: 4500, codeDesc: "ReplayAttack" },
  ResourceNotFound: { code: 5000, codeDesc: "ResourceNotFound" },
  LimitExceeded: { code: 4400, codeDesc: "InstanceLimitExceeded" },
  "UnsupportedOperation.ClassicInstanceIdAlreadyExists": { code: 5100, codeDesc: "InstanceAlreadyLinked" },
  "UnsupportedOperation.CIDRUnSupportedClassicLink": { code: 5100, codeDesc: "InvalidVpc.CidrNotSupported" },
  "UnsupportedOperation.InstanceMismatch": { code: 5100, codeDesc: "InvalidInstance.NotSupported" },
  "UnsupportedOperation.InvalidInstanceState": { code: 5100, codeDesc: "InvalidInstance.NotSupported" },
  "InvalidInstance.NotFound": { code: 5000, codeDesc: "InvalidInstance.NotFound" },
  "InvalidVpc.NotFound": { code: 5000, codeDesc: "InvalidVpc.NotFound" },
  "InvalidTask.NotFound": { code: 5000, codeDesc: "InvalidTask.NotFound" },
  "InvalidLanIp.NotFound": { code: 5000, codeDesc: "InvalidLanIp.NotFound" },
  InstanceLimitExceeded: { code: 4400, codeDesc: "InstanceLimitExceeded" },
  InstanceAlreadyLinked: { code: 5100, codeDesc: "InstanceAlreadyLinked" },
  InternalError: { code: 6000, codeDesc: "InternalError" },
};

/** v2ErrorOf reports the v2 numeric code and business name for an error. */
export function v2ErrorOf(e: ApiError): V2Error {
  const code = e.v2Code ?? e.code;
  const hit = V2_MAP[code];
  if (hit) return hit;
  if (code.startsWith("AuthFailure")) return { code: 4100, codeDesc: code };
  return { code: 4000, codeDesc: code };
}
