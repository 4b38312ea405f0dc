// Plain data builders for component tests (no IPC, no React).
import type { BacklogItem, Role, Task, TaskDetail } from "./gen/types";

const now = "2026-11-21T10:00:00.000000Z";

export function role(id: string): Role {
  return { id, title: id, version: 1, use_case: `does ${id}`, category: "role", default_timeout_sec: 900 };
}

export function item(overrides: Partial<BacklogItem>): BacklogItem {
  return {
    id: "item-1",
    project_id: "p1",
    requirement_id: null,
    planning_run_id: null,
    backlog_candidate_id: null,
    task_id: null,
    title: "Rate-limit login",
    description: "",
    status: "ready",
    priority: "medium",
    source: "human",
    rank: 1,
    labels: [],
    acceptance_criteria: "",
    blocked_reason: "",
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}

export function task(overrides: Partial<Task>): Task {
  return {
    id: "task-1",
    project_id: "p1",
    title: "Write tests",
    description: "",
    status: "todo",
    priority: "medium",
    assignee: "",
    source: "human",
    execution_role: "test-writer",
    agent_profile_id: null,
    dispatch_status: "failed",
    dispatch_queued_at: now,
    cancel_requested_at: null,
    execution_result: null,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}

export function taskDetail(t: Task, overrides: Partial<TaskDetail> = {}): TaskDetail {
  return { ...t, lineage: [], attempts: 0, last_attempt: null, remediation: null, ...overrides };
}
