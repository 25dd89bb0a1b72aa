// The response envelopes: API 3.0 {"Response": ...} and v2 {code, message, codeDesc, ...}.
// Errors are always HTTP 200, as Tencent answers them. No business rules.
import { v2ErrorOf, type ApiError } from "../errors";

function json(body: unknown, traceId: string | null): Response {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (traceId) headers["X-TC-TraceId"] = traceId;
  return new Response(JSON.stringify(body), { status: 200, headers });
}

/** v3Success answers an API 3.0 call with its fields and the RequestId. */
export function v3Success(data: Record<string, unknown>, requestId: string, traceId: string | null): Response {
  return json({ Response: { ...data, RequestId: requestId } }, traceId);
}

/** v3Error answers an API 3.0 call with Response.Error. */
export function v3Error(e: ApiError, requestId: string, traceId: string | null): Response {
  return json({ Response: { Error: { Code: e.code, Message: e.message }, RequestId: requestId } }, traceId);
}

/** v2Success answers a v2 call: code 0 and the action's lowerCamel fields. */
export function v2Success(data: Record<string, unknown>): Response {
  return json({ code: 0, message: "", codeDesc: "Success", ...data }, null);
}

/** v2Error answers a v2 call with the numeric class code and the named code in codeDesc. */
export function v2Error(e: ApiError): Response {
  const { code, codeDesc } = v2ErrorOf(e);
  return json({ code, message: e.message, codeDesc }, null);
}
