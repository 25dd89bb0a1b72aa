// Starting and reading asynchronous tasks, shared by the API 3.0 and v2 actions.
import { ApiError } from "../../errors";
import { taskObject } from "../../objects/names";
import type { TaskRecord, TaskRequest } from "../../objects/task-object";
import { unwrap, type ActionContext } from "../context";

/** What one kind of task needs besides its id, account, region and clock. */
type TaskAsk =
  | { kind: "attach" | "detach"; instanceIds: string[]; vpcId: string }
  | { kind: "terminate"; instanceIds: string[] }
  | { kind: "change-ip"; instanceIds: [string]; newIp: string };

/**
 * runTask runs a task under the given id and reports its record; a refusal before the task's
 * commit point throws the refusal's ApiError (nothing was changed).
 */
export async function runTask(ctx: ActionContext, taskId: string, ask: TaskAsk): Promise<TaskRecord> {
  const stub = taskObject(ctx.env, ctx.account, ctx.region, taskId);
  const req = { ...ask, taskId, account: ctx.account, region: ctx.region, now: ctx.now(), crashAfter: ctx.crashAfter } as TaskRequest;
  return unwrap(await stub.run(req)).task;
}

/** readTask reports a task's record, or throws ResourceNotFound / Malformed for the id. */
export async function readTask(ctx: ActionContext, taskId: string, field: string): Promise<TaskRecord> {
  if (!/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,12})$/.test(taskId)) {
    throw new ApiError("InvalidParameterValue.Malformed", `The parameter \`${field}\` (${JSON.stringify(taskId)}) is not a task id (a RequestId, or a v2 task number).`);
  }
  const t = await taskObject(ctx.env, ctx.account, ctx.region, taskId).result();
  if (!t) throw new ApiError("ResourceNotFound", `The task ${taskId} does not exist in ${ctx.region}.`, "InvalidTask.NotFound");
  return t;
}
