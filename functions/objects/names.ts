// The only place that turns resource ids into Durable Object names and stubs.
import type { Env } from "../env";

/** vpcObject reports the stub of the Durable Object that owns one VPC and its links. */
export function vpcObject(env: Env, account: string, vpcId: string) {
  return env.VPC.get(env.VPC.idFromName(`${account}/${vpcId}`));
}

/** instanceObject reports the stub of the Durable Object that owns one CVM instance. */
export function instanceObject(env: Env, account: string, instanceId: string) {
  return env.INSTANCE.get(env.INSTANCE.idFromName(`${account}/${instanceId}`));
}

/** regionDirectory reports the stub of the account+region directory (listing, ids, IPs). */
export function regionDirectory(env: Env, account: string, region: string) {
  return env.DIRECTORY.get(env.DIRECTORY.idFromName(`${account}/${region}`));
}

/** taskObject reports the stub of the coordinator of one asynchronous task. */
export function taskObject(env: Env, account: string, region: string, taskId: string) {
  return env.TASK.get(env.TASK.idFromName(`${account}/${region}/task/${taskId}`));
}

/** replayGuard reports the stub that remembers recent form-signed requests of one SecretId. */
export function replayGuard(env: Env, secretId: string) {
  return env.REPLAY.get(env.REPLAY.idFromName(`replay/${secretId}`));
}

/** serviceObject reports the stub of one API Gateway service (named by its id alone: the data plane has no account). */
export function serviceObject(env: Env, serviceId: string) {
  return env.SERVICE.get(env.SERVICE.idFromName(`service/${serviceId}`));
}

/** channelObject reports the stub of one VPC channel. */
export function channelObject(env: Env, account: string, channelId: string) {
  return env.CHANNEL.get(env.CHANNEL.idFromName(`${account}/${channelId}`));
}

/** apiGatewayRegistry reports the stub listing an account's API Gateway resources in a region. */
export function apiGatewayRegistry(env: Env, account: string, region: string) {
  // the object's name is its storage identity: it keeps the "/gateway" it was first created with
  return env.APIGATEWAY.get(env.APIGATEWAY.idFromName(`${account}/${region}/gateway`));
}

/** ccnRegistry reports the stub keeping an account's CCNs. */
export function ccnRegistry(env: Env, account: string) {
  return env.CCN.get(env.CCN.idFromName(`${account}/ccn`));
}

/** firewallRegistry reports the stub keeping an account's security groups and network ACLs in a region. */
export function firewallRegistry(env: Env, account: string, region: string) {
  return env.FIREWALL.get(env.FIREWALL.idFromName(`${account}/${region}/firewall`));
}

/** tagRegistry reports the stub keeping an account's resource tags (every region). */
export function tagRegistry(env: Env, account: string) {
  return env.TAG.get(env.TAG.idFromName(`${account}/tags`));
}
