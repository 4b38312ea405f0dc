import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Notices } from "./components/Notices";
import { ThemePicker } from "./components/ThemePicker";
import { subscription } from "./hooks/subscription";
import { useLive } from "./hooks/useLive";
import { BacklogScreen } from "./features/backlog/BacklogScreen";
import { ProjectList } from "./features/projects/ProjectList";

// The first screen (Backlog) is in the main bundle; the others load when first opened, so the window's
// first paint parses only what it shows.
const ActivityFeed = lazy(() => import("./features/activity/ActivityFeed").then((m) => ({ default: m.ActivityFeed })));
const OverviewScreen = lazy(() => import("./features/overview/OverviewScreen").then((m) => ({ default: m.OverviewScreen })));
const SettingsScreen = lazy(() => import("./features/settings/SettingsScreen").then((m) => ({ default: m.SettingsScreen })));
const PlanningScreen = lazy(() => import("./features/planning/PlanningScreen").then((m) => ({ default: m.PlanningScreen })));
const KnowledgeScreen = lazy(() => import("./features/knowledge/KnowledgeScreen").then((m) => ({ default: m.KnowledgeScreen })));
const TasksScreen = lazy(() => import("./features/tasks/TasksScreen").then((m) => ({ default: m.TasksScreen })));
import { ipc, type Notice, type Notification, onOpenNotice, type Project, type Role, type SearchHit } from "./ipc";
import { AGENTS_ANCHOR, type OpenScreen, OpenScreenContext, type OpenTask, OpenTaskContext, type Screen, SCREENS, screenLabel } from "./app/navigation";
import { type CommandShelf, CommandShelfContext, type PaletteCommand } from "./app/commands";
import { CommandPalette } from "./components/CommandPalette";
import { AgentSetup } from "./features/onboarding";
import { NotificationBell } from "./components/NotificationBell";
import { SearchBox } from "./components/SearchBox";

const TABS = SCREENS;
type Tab = Screen;

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

/** The tab Alt+1…Alt+7 jumps to, or null for other keys. */
export function tabForShortcut(e: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; key: string }): Tab | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const n = Number.parseInt(e.key, 10);
  return Number.isInteger(n) && n >= 1 && n <= TABS.length ? (TABS[n - 1] ?? null) : null;
}

const SIDEBAR_KEY = "anpm.sidebar";
/** Below this width (px) the project list starts collapsed. */
const NARROW_WINDOW = 1200;

/** The header's word on a paused dispatch queue: queued tasks wait until it resumes. */
function DispatchPaused() {
  const { state } = useLive(() => ipc.dispatchState(), [], ["tasks", "settings"]);
  if (state.kind !== "ready" || !state.data.paused) return null;
  return (
    <span className="chip chip-warn" role="status" title="Queued tasks wait; resume in Settings → Dispatch or from the tray">
      Dispatch paused{state.data.queued > 0 ? ` · ${state.data.queued} queued` : ""}
    </span>
  );
}

/** True for Ctrl+K (Cmd+K on a Mac), which opens the command palette from anywhere. */
export function opensPalette(e: { ctrlKey: boolean; metaKey: boolean; altKey: boolean; key: string }): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k";
}

/** The palette with the window's own commands (screens, projects, dispatch, layout) before the screen's. */
function AppPalette({
  screenCommands,
  openScreen,
  onProject,
  sidebarOpen,
  toggleSidebar,
  onClose,
}: {
  screenCommands: PaletteCommand[];
  openScreen: OpenScreen;
  onProject: (project: Project) => void;
  sidebarOpen: boolean;
  toggleSidebar: () => void;
  onClose: () => void;
}) {
  const projects = useLive(() => ipc.listProjects(), [], ["projects"]);
  const dispatch = useLive(() => ipc.dispatchState(), [], ["tasks", "settings"]);
  const commands = useMemo(() => {
    const list: PaletteCommand[] = [...screenCommands];
    for (const [i, screen] of SCREENS.entries()) {
      list.push({ id: `go-${screen}`, group: "Go to", title: screenLabel(screen), keys: `Alt+${i + 1}`, run: () => openScreen(screen) });
    }
    list.push({ id: "go-agents", group: "Go to", title: "Settings → Agents", run: () => openScreen("settings", AGENTS_ANCHOR) });
    list.push({
      id: "search",
      group: "Go to",
      title: "Search everything",
      keys: "Ctrl+/",
      // After the palette has closed and handed focus back.
      run: () => setTimeout(() => document.querySelector<HTMLInputElement>('input[aria-label="Search everything"]')?.focus(), 0),
    });
    if (dispatch.state.kind === "ready") {
      const paused = dispatch.state.data.paused;
      list.push({
        id: "dispatch-pause",
        group: "Dispatch",
        title: paused ? "Resume dispatch" : "Pause dispatch",
        run: () => void ipc.setDispatchPaused(!paused).catch(() => undefined),
      });
      list.push({ id: "dispatch-next", group: "Dispatch", title: "Run the next queued task now", run: () => void ipc.runNextTask().catch(() => undefined) });
    }
    if (projects.state.kind === "ready") {
      for (const p of projects.state.data) list.push({ id: `project-${p.id}`, group: "Projects", title: `Open ${p.name}`, run: () => onProject(p) });
    }
    list.push({ id: "sidebar", group: "Window", title: sidebarOpen ? "Hide the project list" : "Show the project list", run: toggleSidebar });
    return list;
  }, [screenCommands, openScreen, onProject, sidebarOpen, toggleSidebar, projects.state, dispatch.state]);
  return <CommandPalette commands={commands} onClose={onClose} />;
}

/** An item to open: a task, or a planning run of a requirement. */
type Focus =
  | { kind: "task"; id: string; projectId: string }
  | { kind: "run"; id: string; requirementId: string; projectId: string };

/** The window: projects on the left, the chosen project's screens on the right. */
export function App() {
  const [project, setProject] = useState<Project | null>(null);
  const shownProject = useRef<string | null>(null);
  shownProject.current = project?.id ?? null;
  const [tab, setTab] = useState<Tab>("backlog");
  // Until the operator chooses, the project list gives its room to the screens on a narrow window.
  const [sidebarOpen, setSidebarOpen] = useState(() => {
    const chosen = localStorage.getItem(SIDEBAR_KEY);
    return chosen ? chosen !== "hidden" : window.innerWidth >= NARROW_WINDOW;
  });
  const toggleSidebar = useCallback(
    () =>
      setSidebarOpen((open) => {
        localStorage.setItem(SIDEBAR_KEY, open ? "hidden" : "shown");
        return !open;
      }),
    [],
  );
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [shelved, setShelved] = useState<Map<symbol, PaletteCommand[]>>(new Map());
  const shelf: CommandShelf = useMemo(
    () => ({
      put: (owner, commands) => setShelved((m) => new Map(m).set(owner, commands)),
      take: (owner) =>
        setShelved((m) => {
          const next = new Map(m);
          next.delete(owner);
          return next;
        }),
    }),
    [],
  );
  const screenCommands = useMemo(() => [...shelved.values()].flat(), [shelved]);
  const [roles, setRoles] = useState<Role[]>([]);
  // The item a clicked notice asked for; a fresh object per click, so the same item opens again. It
  // holds only while its screen is on: leaving the screen forgets it.
  const [focus, setFocus] = useState<Focus | null>(null);
  const showProject = useCallback(async (projectId: string) => {
    if (shownProject.current === projectId) return;
    const owner = (await ipc.listProjects()).find((p) => p.id === projectId);
    if (owner) setProject(owner);
  }, []);
  const openNotice = useCallback(
    (notice: Notice) => {
      const opened =
        notice.subject_kind === "task"
          ? ipc.task(notice.subject_id).then((task): Focus => ({ kind: "task", id: task.id, projectId: task.project_id }))
          : ipc.planningRun(notice.subject_id).then(
              (run): Focus => ({ kind: "run", id: run.id, requirementId: run.requirement_id, projectId: run.project_id }),
            );
      opened
        .then(async (next) => {
          await showProject(next.projectId);
          setFocus(next);
          setTab(next.kind === "task" ? "tasks" : "planning");
        })
        .catch(() => setTab(notice.subject_kind === "task" ? "tasks" : "planning"));
    },
    [showProject],
  );
  const openTask: OpenTask = useCallback(
    (taskId) => {
      ipc.task(taskId).then(
        async (task) => {
          await showProject(task.project_id);
          setFocus({ kind: "task", id: task.id, projectId: task.project_id });
          setTab("tasks");
        },
        () => setTab("tasks"),
      );
    },
    [showProject],
  );
  const openHit = useCallback(
    (hit: SearchHit) => {
      if (hit.kind === "tasks") return openTask(hit.id);
      const screen: Tab = hit.kind === "documents" ? "knowledge" : hit.kind === "backlog_items" ? "backlog" : "planning";
      void showProject(hit.project_id).then(() => setTab(screen));
    },
    [openTask, showProject],
  );
  const openNotification = useCallback(
    (n: Notification) => {
      const [kind, id] = n.link.split(":");
      if (kind === "task" && id) return openTask(id);
      if (kind === "planning_run" && id) {
        return openNotice({ kind: n.kind === "planning_failed" ? "planning_failed" : "planning_finished", title: n.title, body: n.body, subject_kind: "planning_run", subject_id: id, project_id: n.project_id });
      }
      if (n.project_id) void showProject(n.project_id).then(() => setTab("knowledge"));
    },
    [openTask, openNotice, showProject],
  );
  useEffect(() => {
    if (focus && tab !== (focus.kind === "task" ? "tasks" : "planning")) setFocus(null);
  }, [tab, focus]);
  const focusHere = focus && focus.projectId === project?.id ? focus : null;
  useEffect(() => subscription(() => onOpenNotice(openNotice)), [openNotice]);
  useEffect(() => {
    ipc.listRoles().then(setRoles, () => setRoles([]));
  }, []);
  // A section to scroll to once the screen that holds it is drawn.
  const [anchor, setAnchor] = useState<string | null>(null);
  const openScreen: OpenScreen = useCallback((screen, section) => {
    setTab(screen);
    setAnchor(section ?? null);
  }, []);
  useEffect(() => {
    if (!anchor) return;
    const frame = requestAnimationFrame(() => {
      const target = document.getElementById(`${anchor}-heading`) ?? document.getElementById(anchor);
      target?.scrollIntoView({ block: "start" });
      target?.focus({ preventScroll: true });
      setAnchor(null);
    });
    return () => cancelAnimationFrame(frame);
  }, [anchor, tab]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (opensPalette(e)) {
        e.preventDefault();
        setPaletteOpen((open) => !open);
        return;
      }
      const next = tabForShortcut(e);
      if (!next) return;
      e.preventDefault();
      setTab(next);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <OpenScreenContext.Provider value={openScreen}>
    <CommandShelfContext.Provider value={shelf}>
    <OpenTaskContext.Provider value={openTask}>
    <div className="app">
      <header className="app-header">
        <button
          type="button"
          className="ghost"
          aria-pressed={!sidebarOpen}
          aria-label={sidebarOpen ? "Hide the project list" : "Show the project list"}
          onClick={toggleSidebar}
        >
          ☰
        </button>
        <h1>anpm</h1>
        <span className="app-tagline">plan requirements, dispatch agents</span>
        <span className="header-status">
          <DispatchPaused />
        </span>
        <SearchBox projectId={project?.id ?? null} onOpen={openHit} />
        <NotificationBell onOpen={openNotification} />
        <button type="button" className="ghost palette-button" onClick={() => setPaletteOpen(true)} aria-keyshortcuts="Control+K">
          Commands <kbd>Ctrl K</kbd>
        </button>
        <ThemePicker />
      </header>
      <div className={sidebarOpen || !project ? "app-body" : "app-body sidebar-collapsed"}>
        <nav className="sidebar" aria-label="Projects">
          <ProjectList selected={project?.id} onSelect={setProject} />
        </nav>
        <main className="app-main">
          {(!project || tab === "backlog") && (
            <AgentSetup onOpenAgents={() => openScreen("settings", AGENTS_ANCHOR)} />
          )}
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
                    title={`Alt+${TABS.indexOf(t) + 1}`}
                  >
                    {screenLabel(t)}
                  </button>
                ))}
              </div>
              <Suspense fallback={<p className="muted">Opening {screenLabel(tab)}…</p>}>
                {tab === "backlog" && <BacklogScreen key={project.id} projectId={project.id} roles={roles} onPlan={() => setTab("planning")} />}
                {tab === "planning" && (
                  <PlanningScreen
                    key={project.id}
                    projectId={project.id}
                    roles={roles}
                    focus={focusHere?.kind === "run" ? focusHere : null}
                  />
                )}
                {tab === "tasks" && (
                  <TasksScreen key={project.id} projectId={project.id} focus={focusHere?.kind === "task" ? focusHere : null} />
                )}
                {tab === "activity" && <ActivityFeed />}
                {tab === "overview" && <OverviewScreen key={project.id} projectId={project.id} />}
                {tab === "knowledge" && <KnowledgeScreen key={project.id} projectId={project.id} />}
                {tab === "settings" && <SettingsScreen roles={roles} project={project} />}
              </Suspense>
            </>
          )}
        </main>
      </div>
      <Notices onOpen={openNotice} />
      {paletteOpen && (
        <AppPalette
          screenCommands={screenCommands}
          openScreen={openScreen}
          onProject={setProject}
          sidebarOpen={sidebarOpen}
          toggleSidebar={toggleSidebar}
          onClose={() => setPaletteOpen(false)}
        />
      )}
    </div>
    </OpenTaskContext.Provider>
    </CommandShelfContext.Provider>
    </OpenScreenContext.Provider>
  );
}
