// The self-host mode's starter (workerd serve), for the SDK tests.
export { startSelfHost, type SelfHostServer } from "../../scripts/selfhost-server.mjs";
