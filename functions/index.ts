// The Worker module: the HTTP app and every Durable Object class the runtime must find.
import { app } from "./app";

export { CcnRegistry } from "./objects/ccn-registry";
// ApiGatewayRegistry and ChannelObject are exported under the class names wrangler.toml declares
// (a Durable Object class name is its storage identity: renaming it would lose stored state)
export { ApiGatewayRegistry as GatewayRegistry } from "./objects/apigateway-registry";
export { ChannelObject as UpstreamObject } from "./objects/channel-object";
export { FirewallRegistry } from "./objects/firewall-registry";
export { InstanceObject } from "./objects/instance-object";
export { RegionDirectory } from "./objects/region-directory";
export { ReplayGuard } from "./objects/replay-guard";
export { ServiceObject } from "./objects/service-object";
export { TagRegistry } from "./objects/tag-registry";
export { TaskObject } from "./objects/task-object";
export { VpcObject } from "./objects/vpc-object";

export default app;
