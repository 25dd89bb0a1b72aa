// Runs tencent-component-toolkit's Apigw (the package as published, unchanged) in this process:
// node --require ./tencentcloudapi-hook.cjs toolkit-apigw.cjs <deploy|remove> <region> <inputs JSON>
// Prints one line "RESULT <json>" (the outputs, or {error}) for the test to read.
"use strict";
const { Apigw } = require("tencent-component-toolkit");

async function main() {
  const [op, region, json] = process.argv.slice(2);
  const apigw = new Apigw({ SecretId: process.env.TC_SECRET_ID, SecretKey: process.env.TC_SECRET_KEY }, region);
  const inputs = JSON.parse(json);
  const out = op === "deploy" ? await apigw.deploy(inputs) : await apigw.remove(inputs);
  process.stdout.write(`RESULT ${JSON.stringify(out ?? null)}\n`);
}

main().catch((e) => {
  process.stdout.write(`RESULT ${JSON.stringify({ error: { message: e.message, code: e.code, type: e.type } })}\n`);
  process.exitCode = 1;
});
