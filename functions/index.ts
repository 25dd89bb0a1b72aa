// The Worker module: the HTTP app and every Durable Object class the runtime must find.
import { app } from "./app";

export { InstanceObject } from "./objects/instance-object";
export { RegionDirectory } from "./objects/region-directory";
export { ReplayGuard } from "./objects/replay-guard";
export { TaskObject } from "./objects/task-object";
export { VpcObject } from "./objects/vpc-object";

export default app;
