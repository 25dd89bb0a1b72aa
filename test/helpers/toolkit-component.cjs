// Runs a tencent-component-toolkit component (the package as published, unchanged) in this process:
// node --require ./tencentcloudapi-hook.cjs toolkit-component.cjs <Apigw|Vpc> <deploy|remove> <region> <inputs JSON>
// Prints one line "RESULT <json>" (the outputs, or {error}) for the test to read.
"use strict";
const toolkit = require("tencent-component-toolkit");

async function main() {
  const [component, op, region, json] = process.argv.slice(2);
  if (component !== "Apigw" && component !== "Vpc") throw new Error(`unknown component ${component}`);
  const c = new toolkit[component]({ SecretId: process.env.TC_SECRET_ID, SecretKey: process.env.TC_SECRET_KEY }, region);
  const inputs = JSON.parse(json);
  const out = op === "deploy" ? await c.deploy(inputs) : await c.remove(inputs);
  process.stdout.write(`RESULT ${JSON.stringify(out ?? null)}\n`);
}

main().catch((e) => {
  process.stdout.write(`RESULT ${JSON.stringify({ error: { message: e.message, code: e.code, type: e.type } })}\n`);
  process.exitCode = 1;
});
