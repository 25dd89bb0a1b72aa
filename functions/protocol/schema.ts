// Request-shape checking for action parameters: unknown, missing and mistyped fields become the
// Tencent common errors with the parameter's path in the message. No business rules here.
import { ApiError } from "../errors";

/** Field describes one parameter: its kind, whether it is required, and its element or members. */
export interface Field {
  kind: "string" | "number" | "boolean" | "array" | "object" | "any";
  required?: boolean;
  items?: Field;
  fields?: Shape;
}

/** Shape maps each accepted parameter name to its Field. */
export type Shape = Record<string, Field>;

/** How the parameters arrived: JSON keeps types; form and query values are all strings. */
export type Encoding = "json" | "form";

// Fields typed string by the SDK that users commonly send as JSON numbers (Tencent's own paging).
const NUMERIC_STRINGS = new Set(["Offset", "Limit"]);

const NUMBER_TEXT = /^-?(0|[1-9]\d{0,15})(\.\d{1,15})?$/;

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function wrongType(path: string, want: string, got: unknown): ApiError {
  return new ApiError("InvalidParameter", `The parameter \`${path}\` must be ${want}; got ${typeName(got)}.`);
}

function checkField(value: unknown, field: Field, path: string, enc: Encoding, leaf: string): unknown {
  switch (field.kind) {
    case "any":
      return value;
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number" && Number.isFinite(value) && NUMERIC_STRINGS.has(leaf)) return String(value);
      throw wrongType(path, "a string", value);
    case "number":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      if (enc === "form" && typeof value === "string" && NUMBER_TEXT.test(value)) return Number(value);
      throw wrongType(path, "a number", value);
    case "boolean":
      if (typeof value === "boolean") return value;
      if (enc === "form" && typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      throw wrongType(path, "a boolean", value);
    case "array": {
      if (!Array.isArray(value)) {
        if (leaf === "Values") throw new ApiError("InvalidParameter.FilterValuesNotList", `The filter \`${path}\` must be a list of strings.`);
        throw wrongType(path, "an array", value);
      }
      const items = field.items ?? { kind: "any" };
      return value.map((v, i) => checkField(v, items, `${path}.${i}`, enc, leaf));
    }
    case "object":
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw wrongType(path, "an object", value);
      return checkShape(value as Record<string, unknown>, field.fields ?? {}, enc, `${path}.`);
  }
}

/**
 * checkShape reports the parameters as typed values, or throws UnknownParameter,
 * MissingParameter or InvalidParameter naming the first offending parameter path.
 */
export function checkShape(input: Record<string, unknown>, shape: Shape, enc: Encoding, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(shape, key)) throw new ApiError("UnknownParameter", `The parameter \`${prefix}${key}\` is not recognized.`);
  }
  for (const [key, field] of Object.entries(shape)) {
    const value = Object.hasOwn(input, key) ? input[key] : undefined;
    if (value === undefined || value === null) {
      if (field.required) throw new ApiError("MissingParameter", `The request is missing a required parameter \`${prefix}${key}\`.`);
      continue;
    }
    out[key] = checkField(value, field, `${prefix}${key}`, enc, key);
  }
  return out;
}
