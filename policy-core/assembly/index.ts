// policy-core: strict IPv4/CIDR parsing and every network rule of the product, as pure functions
// over a plan held in the wasm. No I/O, no clock, no randomness, no throw: status codes.
export {
  OK, EMPTY, BAD_CHAR, BAD_PARTS, LEADING_ZERO, OCTET_RANGE, MISSING_PREFIX, BAD_PREFIX, HOST_BITS_SET, TOO_LONG,
  Parsed, readIpv4, readCidr, formatIpv4, cidrContainsIp, cidrOverlaps, cidrContains,
  lpmReset, lpmAdd, lpmLookup,
} from "./addr";
export {
  CL_NOT_TEN, CL_SECOND_OCTET, CL_PREFIX_TOO_SHORT, VPC_NOT_PRIVATE, VPC_PREFIX_RANGE, CLASSIC_IP_IN_VPC_RANGE,
  SUBNET_TOO_SMALL, NOT_HOST_ADDRESS, NOT_A_HOST, NODE_PORT_RANGE, NOT_AN_ADDRESS,
  classicLinkCidr, vpcCidr, classicIp, subnetSize, subnetHost, subnetHostAt, classicAddressAt, nodeHost, nodeHostIsAddress, nodePort,
  addressStatus,
} from "./rules";
export {
  BAD_PROTOCOL, BAD_PORT, PORT_RANGE, PORT_ORDER, PORT_WITH_PROTOCOL, BAD_ACTION, FLOW_PROTOCOL,
  F_ACTION, F_PROTOCOL, F_PORT, F_CIDR,
  Checked, parsePorts, checkRule, ruleListReset, ruleListAdd, ruleListEval, ruleAccepts,
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
  ACL_RETURN_DENIED, LB_BACKEND_CLASSIC, SHARED_INSTANCE, CHANNEL_VPC_UNREACHABLE, NO_WAY_IN,
  H_INSTANCE, H_EXTERNAL, H_ROUTE, H_CLASSIC_LINK, H_CLASSIC_NETWORK, H_SG_EGRESS, H_SG_INGRESS, H_ACL_OUTBOUND,
  H_ACL_INBOUND, H_CCN, H_VPC, H_SUBNET, H_SERVICE, H_GATEWAY_INSTANCE, H_CHANNEL, H_LOAD_BALANCER, ROUTE_LOCAL, ROUTE_CLASSIC_LOCAL,
  D_ACCEPTED, D_EXITS_NETWORK, D_DELIVERED_TO_SUBNET, D_DENIED_OUT, D_DENIED_IN, D_DENIED_RETURN, D_NO_ROUTE, D_REFUSED,
  TRACE_HEAD, TRACE_HOP, traceRecord, traceCode, traceDisposition, traceDelivered, hopCount, hopKind, hopObject, hopRule, hopCode, hopReturn, hopNode,
} from "./hops";
export { TF_SOURCE, TF_DESTINATION, TF_PROTOCOL, TF_PORT, TF_SOURCE_PORT, traceFromInstance, traceFromAddress, traceChannel, planNodeAt } from "./trace";
export {
  NOT_CLASSIC_INSTANCE, INSTANCE_ALREADY_LINKED, LINK_LIMIT_EXCEEDED, VPC_CIDR_INVALID, SUBNET_OUTSIDE_VPC,
  IP_OUTSIDE_SUBNET, CLASSIC_IP_INVALID, DUPLICATE_IP,
  O_VPC, O_SUBNET, O_INSTANCE, O_LINK, O_CHANNEL, O_SECURITY_GROUP, O_NETWORK_ACL,
  FINDING_COLUMNS, findings, lint, linksOverLimit, shadowed,
} from "./analysis";
export { M_ACCEPTED, M_SELF, matrix, matrixByTrace, matrixCodes, matrixClasses, matrixCell } from "./matrix";
