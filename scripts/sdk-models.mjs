// Reads the official SDK's .d.ts models (tencentcloud-sdk-nodejs): interfaces with their fields,
// types and optional marks. Shared by gen-schemas (requests) and the tests' response-shape check.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** sdkRoot is the folder of the installed tencentcloud-sdk-nodejs package. */
export const sdkRoot = dirname(require.resolve("tencentcloud-sdk-nodejs/package.json"));

/** MODEL_FILES maps each product this service speaks to its models file inside the SDK. */
export const MODEL_FILES = {
  vpc: "tencentcloud/services/vpc/v20170312/vpc_models.d.ts",
  cvm: "tencentcloud/services/cvm/v20170312/cvm_models.d.ts",
  apigateway: "tencentcloud/services/apigateway/v20180808/apigateway_models.d.ts",
  tag: "tencentcloud/services/tag/v20180813/tag_models.d.ts",
};

/** parseModels reports every interface ({fields: {name: {req, type, nullable}}}) and type alias ({alias}) of a models file. */
export function parseModels(text) {
  const models = {};
  for (const m of text.matchAll(/export (?:interface (\w+) \{([\s\S]*?)\n\}|type (\w+) = ([^;]+);)/g)) {
    if (m[1]) {
      const fields = {};
      // A field's doc comment may say it can be null (注意：此字段可能返回 null): Tencent then sends null
      // where it has no value, so a reply's null there fits the model.
      let comment = "";
      for (const line of m[2].split("\n")) {
        if (/^\s*\/\*\*/.test(line)) comment = "";
        comment += line;
        const f = /^ {4}(\w+)(\??): ([^;]+);/.exec(line);
        if (!f) continue;
        fields[f[1]] = { req: f[2] !== "?", type: f[3].trim(), nullable: comment.includes("可能返回 null") };
        comment = "";
      }
      models[m[1]] = { fields };
    } else {
      models[m[3]] = { alias: m[4].trim() };
    }
  }
  return models;
}

const cache = new Map();

/** loadModels reports the parsed models of one product (read once per process). */
export function loadModels(product) {
  const file = MODEL_FILES[product];
  if (!file) throw new Error(`no SDK models for product ${product}`);
  if (!cache.has(product)) cache.set(product, parseModels(readFileSync(join(sdkRoot, file), "utf8")));
  return cache.get(product);
}
