//! Why work failed, as typed kinds the UI and the CLI branch on: [`ErrorKind`] for dispatch attempts and
//! agent runs, [`FailureKind`] for planning runs. Their spellings are what SQLite stores and `--json`
//! prints; the remediation beside each lives with the room that knows the cause (`dispatch::failure`,
//! `planning::failure`).

use super::macros::string_enum;

string_enum! {
    /// Every kind of dispatch failure.
    ErrorKind as "error kind" {
        /// The run passed its wall-clock budget and was stopped.
        DispatchTimeout = "dispatch_timeout",
        /// The agent exited cleanly but printed more than the output cap.
        OutputTooLarge = "output_too_large",
        /// No JSON result, or one that breaks the role's schema.
        InvalidResultSchema = "invalid_result_schema",
        /// The task's role is not in the catalog.
        RoleNotFound = "role_not_found",
        /// The task is queued without an execution role.
        RoleDispatchMalformed = "role_dispatch_malformed",
        /// No agent CLI could be found to run the task.
        CliNotFound = "cli_not_found",
        /// The agent is not logged in or its credentials expired.
        SessionExpired = "session_expired",
        /// The agent hit a rate, usage or credit limit.
        RateLimited = "rate_limited",
        /// The request did not fit the model's context window.
        ContextOverflow = "context_overflow",
        /// The requested model does not exist or is at capacity.
        ModelNotAvailable = "model_not_available",
        /// The agent used up its own budget of turns or tokens before finishing.
        BudgetExhausted = "budget_exhausted",
        /// The task's attempts spent more than `budget.task_usd`.
        BudgetExceeded = "budget_exceeded",
        /// The prompt could not be delivered (too large for an inline `{prompt}` argument).
        PromptTooLarge = "prompt_too_large",
        /// The operator cancelled the run.
        Cancelled = "cancelled",
        /// The process running the dispatch loop stopped mid-run.
        Interrupted = "interrupted",
        /// The role router found no fitting role.
        RouterNoMatch = "router_no_match",
        /// The project's repository is gone, or is no longer the git work tree anpm registered.
        WorkspaceMissing = "workspace_missing",
        /// The task's worktree could not be made ready: git refused to create it, a file to copy could not
        /// be copied, or the project's setup command failed or timed out.
        WorkspaceSetupFailed = "workspace_setup_failed",
        /// anpm itself failed while running the task (a bug, or a broken data directory).
        InternalError = "internal_error",
        /// Anything else.
        Unknown = "unknown",
    }
}

string_enum! {
    /// The kinds of planning failure.
    FailureKind as "planning failure kind" {
        /// The provider could not be reached (DNS, refused connection, TLS).
        ProviderUnreachable = "provider_unreachable",
        /// No answer within the timeout.
        ProviderTimeout = "provider_timeout",
        /// The provider answered with an error status or an `error` object.
        ProviderError = "provider_error",
        /// HTTP 429 or an equivalent quota message.
        RateLimited = "rate_limited",
        /// The reply was larger than the response cap.
        ResponseTooLarge = "response_too_large",
        /// The reply was not the JSON expected.
        InvalidResponse = "invalid_response",
        /// The reply parsed but held no usable candidate.
        NoValidCandidates = "no_valid_candidates",
        /// The request would exceed the request cap.
        ContextOverflow = "context_overflow",
        /// The provider needs a setting that is missing (base URL, model, API key).
        ProviderNotConfigured = "provider_not_configured",
        /// The run was cancelled by the operator.
        Cancelled = "cancelled",
        /// The process running the plan stopped before it finished.
        Interrupted = "interrupted",
        /// Anything else.
        Unknown = "unknown",
    }
}
