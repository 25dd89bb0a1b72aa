// Replays a Terraform resource's phases (apply, update, plan, destroy) through the official SDK:
// each step is one action the provider calls, with the error codes it reads as "gone" and the
// reply paths it reads without a nil check. Every reply is checked against the SDK's model.
import { expect } from "vitest";
import { expectResponseShape } from "./response-shape";
import { sdkClients } from "./sdk";

/** One call of a phase: product and action, how its parameters are built, what the provider reads. */
export interface Step {
  product: "apigateway" | "tag" | "vpc";
  action: string;
  /** Only in some cases (the provider's `?`): the step is skipped when params() returns null. */
  params(state: State): Record<string, unknown> | null;
  /** Codes the provider takes as "the resource is gone" (Read clears the id instead of failing). */
  gone?: string[];
  /** Reply paths read without a nil check ("Result.ApiId", "Tags.*.TagKey"). */
  needs?: string[];
  /** Keeps what later steps need (ids) from the reply. */
  keep?(reply: Record<string, unknown>, state: State): void;
}

/** State shared by the steps of one resource: ids and the replies of the last read. */
export type State = Record<string, unknown> & { replies: Record<string, Record<string, unknown>>; gone: boolean };

/** The SDK clients a replay uses, by product. */
export function phaseClients(port: number, region: string) {
  const { apigateway, tag, vpc } = sdkClients(port, region);
  return {
    apigateway,
    tag,
    vpc,
  };
}

type Clients = ReturnType<typeof phaseClients>;
type Requester = { request(action: string, req: unknown): Promise<Record<string, unknown>> };

/** run replays steps in order; a "gone" code marks the resource gone, any other error fails the test. */
export async function run(clients: Clients, steps: Step[], state: State): Promise<string[]> {
  const called: string[] = [];
  for (const s of steps) {
    const params = s.params(state);
    if (params === null) continue;
    called.push(s.action);
    let reply: Record<string, unknown>;
    try {
      reply = await (clients[s.product] as unknown as Requester).request(s.action, params);
    } catch (e) {
      const code = (e as { code?: string }).code ?? String(e);
      if (s.gone?.includes(code)) {
        state.gone = true; // the provider clears the id and ends the Read here
        break;
      }
      throw new Error(`${s.action} failed with ${code}: ${(e as Error).message}`);
    }
    expectResponseShape(s.product, s.action, reply, { present: s.needs ?? [] });
    state.replies[s.action] = reply;
    s.keep?.(reply, state);
  }
  return called;
}

/** newState starts an empty replay state. */
export function newState(extra: Record<string, unknown> = {}): State {
  return { replies: {}, gone: false, ...extra };
}

/** tagRead is the provider's tag read (TagService.DescribeResourceTags) of one resource. */
export function tagRead(service: string, prefix: string, idKey: string, region: string): Step {
  return {
    product: "tag",
    action: "DescribeResourceTagsByResourceIds",
    params: (s) => ({ ServiceType: service, ResourcePrefix: prefix, ResourceIds: [s[idKey]], ResourceRegion: region, Limit: 100, Offset: 0 }),
    needs: ["Tags.*.TagKey", "Tags.*.TagValue", "Tags.*.ResourceId"],
  };
}

/** tagsOf reports the tags of the last tag read as Terraform's map. */
export function tagsOf(state: State): Record<string, string> {
  const tags = (state.replies.DescribeResourceTagsByResourceIds?.Tags ?? []) as { TagKey: string; TagValue: string }[];
  return Object.fromEntries(tags.map((t) => [t.TagKey, t.TagValue]));
}

/** expectCalls asserts a phase made exactly the provider's calls. */
export function expectCalls(called: string[], expected: string[]): void {
  expect(called).toEqual(expected);
}
