//! A world for dispatch tests: a data directory, a git repository, fake agents and a core whose
//! environment is fixed, so tests never depend on the machine's PATH or variables.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anpm_core::domain::*;
use anpm_core::{Config, Core};
use anpm_testkit::{DataDir, FakeAgents, GitRepo};

pub struct World {
    pub data: DataDir,
    pub repo: GitRepo,
    pub agents: FakeAgents,
    pub core: Arc<Core>,
    pub project: Project,
}

pub fn env(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env = vec![
        ("PATH".to_owned(), "/usr/bin:/bin".to_owned()),
        ("HOME".to_owned(), "/tmp".to_owned()),
    ];
    for (key, value) in extra {
        env.retain(|(k, _)| k != key);
        env.push(((*key).to_owned(), (*value).to_owned()));
    }
    env
}

pub fn world_with(extra_env: &[(&str, &str)]) -> World {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let agents = FakeAgents::new();
    let config = Config {
        env: Some(env(extra_env)),
        dispatch_grace: Duration::from_millis(500),
        ..Config::at(data.path())
    };
    let core = Arc::new(Core::open(config).expect("core"));
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    World { data, repo, agents, core, project }
}

pub fn world() -> World {
    world_with(&[])
}

impl World {
    pub fn profile(
        &self,
        name: &str,
        kind: AgentKind,
        command: PathBuf,
        args: Vec<String>,
        format: Option<OutputFormat>,
    ) {
        let input = NewAgentProfile::new(
            name,
            kind,
            Some(command.to_str().unwrap()),
            args,
            format,
            None,
            false,
        )
        .expect("valid");
        self.core.agents().add(input).expect("agent");
    }

    /// A queued task for `role`, run by the profile `agent`.
    pub fn queue(&self, title: &str, role: &str, agent: &str) -> TaskId {
        let item = RawBacklogItem {
            title: title.to_owned(),
            fields: RawBacklogFields {
                description: Some("do it".to_owned()),
                status: Some(BacklogItemStatus::Ready.to_string()),
                ..Default::default()
            },
            ..Default::default()
        }
        .parse()
        .expect("valid");
        let item = self.core.backlog().add(self.project.id, item).expect("item");
        self.core.backlog().commit(item.id, Some(role), Some(agent)).expect("commit").task.id
    }

    pub fn run_next(&self) -> Task {
        self.core.dispatch().run_next_here().expect("run").expect("a task was queued")
    }

    pub fn kind_of(&self, task: &Task) -> String {
        task.execution_result
            .as_ref()
            .and_then(|r| r["error_kind"].as_str())
            .unwrap_or("")
            .to_owned()
    }
}

impl World {
    /// Requeues `id` and runs it on the core's dispatch loop until its agent is running.
    pub fn requeue_and_wait_running(&self, id: TaskId) -> TaskId {
        self.core.tasks().requeue(id, None).expect("requeue");
        self.core.dispatch().start_loop().expect("dispatcher");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let attempt = self.core.tasks().get(id).expect("detail").last_attempt;
            if attempt.is_some_and(|a| a.outcome == AttemptOutcome::Running && a.pid.is_some()) {
                return id;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the task never started running");
    }

    pub fn wait_finished(&self, id: TaskId) -> Task {
        self.wait_finished_from(id, DispatchStatus::Running)
    }

    /// Waits until the task leaves `running` (and `also`, e.g. queued).
    pub fn wait_finished_from(&self, id: TaskId, also: DispatchStatus) -> Task {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let task = self.core.tasks().get(id).expect("detail").task;
            let busy =
                task.dispatch_status == DispatchStatus::Running || task.dispatch_status == also;
            if !busy || Instant::now() > deadline {
                return task;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

pub fn planned_candidate(w: &World) -> (Requirement, BacklogCandidate) {
    let req = w
        .core
        .requirements()
        .add(
            w.project.id,
            NewRequirement::new("Add tests for checkout", None, None, None, None).expect("valid"),
        )
        .expect("req");
    let run = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::Deterministic), PlanningTemplate::Backlog)
        .expect("start");
    w.core.planning().execute(run.id).expect("run");
    let candidate = w.core.planning().run(run.id).expect("detail").candidates[0].clone();
    (req, candidate)
}
