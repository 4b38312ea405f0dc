// Plain data builders for component tests (no IPC, no React).
import type { BacklogCandidate, BacklogItem, Role, Task, TaskDetail, WorkspaceSettings } from "./gen/types";

const now = "2026-11-21T10:00:00.000000Z";

/** A project's workspace settings as a new project has them. */
export const worktreeSettings: WorkspaceSettings = {
  mode: "worktree",
  base_branch: "",
  setup_copy: [],
  setup_command: "",
  stack_on_review: false,
};

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
    retry_at: null,
    review_status: "none",
    stage: "failed",
    followup: null,
    execution_result: null,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}

export function taskDetail(t: Task, overrides: Partial<TaskDetail> = {}): TaskDetail {
  return {
    ...t,
    lineage: [],
    attempts: 0,
    last_attempt: null,
    remediation: null,
    depends_on: [],
    waiting_on: [],
    dependents: [],
    ...overrides,
  };
}

export function candidate(overrides: Partial<BacklogCandidate>): BacklogCandidate {
  return {
    id: "cand-1",
    project_id: "p1",
    requirement_id: "req-1",
    planning_run_id: "run-1",
    parent_candidate_id: null,
    suggestion_type: "implementation",
    title: "Rate-limit login",
    description: "Throttle attempts.",
    status: "draft",
    rationale: "",
    validation_criteria: "",
    po_decision: "",
    priority_score: 64,
    confidence: 0.7,
    rank: 1,
    evidence: [],
    evidence_detail: null,
    duplicate_titles: [],
    execution_role: null,
    feedback_kind: "",
    feedback_note: "",
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}
