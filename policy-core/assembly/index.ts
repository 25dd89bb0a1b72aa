// policy-core: strict IPv4/CIDR parsing and every network rule of the product, as pure functions
// over a plan held in the wasm. No I/O, no clock, no randomness, no throw: status codes.
export {
  OK, EMPTY, BAD_CHAR, BAD_PARTS, LEADING_ZERO, OCTET_RANGE, MISSING_PREFIX, BAD_PREFIX, HOST_BITS_SET, TOO_LONG,
  rStartValue, rEndValue, rPrefixValue, parseIpv4, parseCidr, cidrContainsIp, cidrOverlaps, cidrContains,
  lpmReset, lpmAdd, lpmLookup,
} from "./addr";
export {
  CL_NOT_TEN, CL_SECOND_OCTET, CL_PREFIX_TOO_SHORT, VPC_NOT_PRIVATE, VPC_PREFIX_RANGE, CLASSIC_IP_IN_VPC_RANGE,
  classicLinkCidr, vpcCidr, classicIp,
} from "./rules";
export {
  BAD_PROTOCOL, BAD_PORT, PORT_RANGE, PORT_ORDER, PORT_WITH_PROTOCOL, BAD_ACTION, FLOW_PROTOCOL,
  parsePorts, ruleFieldValue, ruleListReset, ruleListAdd, ruleListEval, ruleAccepts,
} from "./flow";
export {
  BAD_GATEWAY_TYPE, BAD_KIND, BAD_REF,
  routeCheck, planReset, planAddVpc, planAddVpcCidr, planAddRouteTable, planAddRoute, planAddSecurityGroup, planAddNetworkAcl,
  planAddRule, planAddSubnet, planAddInstance, planBindSecurityGroup, planAddBackend, planAddLink, planAddCcn,
  planAttachCcn, planAddGatewayInstance, planAddService, planAddChannel, planUseChannel,
} from "./plan";
export {
  NOT_LINKED, REGION_MISMATCH, CIDR_NOT_ELIGIBLE, DEST_OUTSIDE_LINKED_VPC, DEST_NOT_LINKED_CLASSIC,
  VIA_GATEWAY_FORBIDDEN, NO_ROUTE, SG_EGRESS_DENIED, SG_INGRESS_DENIED, ACL_OUTBOUND_DENIED, ACL_INBOUND_DENIED,
  ACL_RETURN_DENIED, LB_BACKEND_CLASSIC, SHARED_INSTANCE, CHANNEL_VPC_UNREACHABLE,
  traceCode, traceDisposition, traceDelivered, hopCount, hopKind, hopObject, hopRule, hopCode, hopReturn, hopNode,
} from "./hops";
export { traceFromInstance, traceFromAddress, traceChannel, traceFieldValue, planNodeAt } from "./trace";
export {
  NOT_CLASSIC_INSTANCE, INSTANCE_ALREADY_LINKED, LINK_LIMIT_EXCEEDED, VPC_CIDR_INVALID, SUBNET_OUTSIDE_VPC,
  IP_OUTSIDE_SUBNET, CLASSIC_IP_INVALID, DUPLICATE_IP,
  matrix, matrixCell, findingValue, lint, shadowed,
} from "./analysis";
