import { useEffect, useState } from "react";
import { Notices } from "./components/Notices";
import { ActivityFeed } from "./features/activity/ActivityFeed";
import { OverviewScreen } from "./features/overview/OverviewScreen";
import { SettingsScreen } from "./features/settings/SettingsScreen";
import { BacklogScreen } from "./features/backlog/BacklogScreen";
import { PlanningScreen } from "./features/planning/PlanningScreen";
import { ProjectList } from "./features/projects/ProjectList";
import { TasksScreen } from "./features/tasks/TasksScreen";
import { ipc, type Project, type Role } from "./ipc";

const TABS = ["backlog", "planning", "tasks", "activity", "overview", "settings"] as const;
type Tab = (typeof TABS)[number];

/** The tab a key moves to in the tab strip (arrows wrap; Home and End jump), or null for other keys. */
export function tabAfterKey(current: Tab, key: string): Tab | null {
  const at = TABS.indexOf(current);
  const pick = (i: number) => TABS[(i + TABS.length) % TABS.length] ?? null;
  switch (key) {
    case "ArrowRight":
      return pick(at + 1);
    case "ArrowLeft":
      return pick(at - 1);
    case "Home":
      return pick(0);
    case "End":
      return pick(TABS.length - 1);
    default:
      return null;
  }
}

/** The window: projects on the left, the chosen project's screens on the right. */
export function App() {
  const [project, setProject] = useState<Project | null>(null);
  const [tab, setTab] = useState<Tab>("backlog");
  const [roles, setRoles] = useState<Role[]>([]);
  useEffect(() => {
    ipc.listRoles().then(setRoles, () => setRoles([]));
  }, []);
  return (
    <div className="app">
      <header className="app-header">
        <h1>anpm</h1>
        <span className="app-tagline">plan requirements, dispatch agents</span>
      </header>
      <div className="app-body">
        <nav className="sidebar" aria-label="Projects">
          <ProjectList selected={project?.id} onSelect={setProject} />
        </nav>
        <main className="app-main">
          {!project && <p className="muted">Choose a project to see its backlog, planning and tasks.</p>}
          {project && (
            <>
              <div role="tablist" aria-label={`${project.name} screens`} className="tabs">
                {TABS.map((t) => (
                  <button
                    key={t}
                    role="tab"
                    type="button"
                    id={`tab-${t}`}
                    aria-selected={tab === t}
                    tabIndex={tab === t ? 0 : -1}
                    onKeyDown={(e) => {
                      const next = tabAfterKey(tab, e.key);
                      if (!next) return;
                      e.preventDefault();
                      setTab(next);
                      document.getElementById(`tab-${next}`)?.focus();
                    }}
                    className={tab === t ? "tab active" : "tab"}
                    onClick={() => setTab(t)}
                  >
                    {t[0]?.toUpperCase() + t.slice(1)}
                  </button>
                ))}
              </div>
              {tab === "backlog" && <BacklogScreen projectId={project.id} roles={roles} onPlan={() => setTab("planning")} />}
              {tab === "planning" && <PlanningScreen projectId={project.id} roles={roles} />}
              {tab === "tasks" && <TasksScreen projectId={project.id} />}
              {tab === "activity" && <ActivityFeed />}
              {tab === "overview" && <OverviewScreen projectId={project.id} />}
              {tab === "settings" && <SettingsScreen />}
            </>
          )}
        </main>
      </div>
      <Notices onOpen={(notice) => setTab(notice.subject_kind === "planning_run" ? "planning" : "tasks")} />
    </div>
  );
}
