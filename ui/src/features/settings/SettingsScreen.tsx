// The Settings screen: one section each for agents, the planning provider, dispatch, the project's
// workspaces and the data folder, with a small section index on top. Every value is validated by the core.
import { type ReactNode, useEffect } from "react";
import { LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { ipc, type Project, type Role, type SettingView } from "../../ipc";
import { AgentProfiles } from "./AgentProfiles";
import { DataFacts } from "./DataFacts";
import { ProjectArchive } from "./ProjectArchive";
import { DispatchControls } from "./DispatchControls";
import { ProjectWorkspace } from "./ProjectWorkspace";
import { ProviderKey } from "./ProviderKey";
import { SettingField } from "./SettingField";
import "./settings.css";

export type SettingsSection = "agents" | "planning" | "dispatch" | "workspaces" | "data";

const TITLES: Record<SettingsSection, string> = {
  agents: "Agents",
  planning: "Planning provider",
  dispatch: "Dispatch",
  workspaces: "Workspaces",
  data: "Data",
};

/** The element id of a section, for a link or a scroll from elsewhere in the window. */
export function settingsSectionId(section: SettingsSection): string {
  return `settings-${section}`;
}

function show(section: SettingsSection, behavior: ScrollBehavior) {
  const heading = document.getElementById(`${settingsSectionId(section)}-heading`);
  // jsdom has no scrolling; a real webview does.
  heading?.scrollIntoView?.({ block: "start", behavior });
  heading?.focus({ preventScroll: true });
}

export function SettingsScreen({
  roles,
  project = null,
  section,
}: {
  roles: Role[];
  project?: Project | null;
  /** A section to bring into view when the screen opens (e.g. "agents" from a "Set up an agent" button). */
  section?: SettingsSection;
}) {
  const settings = useLive(() => ipc.listSettings(), [], ["settings"]);
  const group = (prefix: string) => (settings.state.kind === "ready" ? settings.state.data.filter((s) => s.key.startsWith(prefix)) : []);
  const workspaceSettings = group("workspace.");
  // The global workspace settings need no project; the section shows for either.
  const sections: SettingsSection[] = ["agents", "planning", "dispatch"];
  if (project || workspaceSettings.length > 0) sections.push("workspaces");
  sections.push("data");

  useEffect(() => {
    // At once when the screen opens (nothing to follow with the eye); smoothly from the index.
    if (section) show(section, "auto");
  }, [section]);

  return (
    <section aria-labelledby="settings-heading" className="panel settings">
      <h2 id="settings-heading">Settings</h2>
      <nav className="settings-nav" aria-label="Settings sections">
        {sections.map((s) => (
          <a
            key={s}
            href={`#${settingsSectionId(s)}`}
            onClick={(e) => {
              // The window's address is not a router's; only the view moves.
              e.preventDefault();
              show(s, "smooth");
            }}
          >
            {TITLES[s]}
          </a>
        ))}
      </nav>
      <LiveStatus state={settings.state} what="settings" />
      <Section id="agents">
        <AgentProfiles roles={roles} project={project} />
      </Section>
      <Section id="planning">
        <SettingGroup settings={group("planning.")} onChanged={settings.reload} label="Planning settings" />
        <ProviderKey />
      </Section>
      <Section id="dispatch">
        <DispatchControls />
        <SettingGroup settings={group("dispatch.")} onChanged={settings.reload} label="Dispatch limits" />
        <SettingGroup settings={group("budget.")} onChanged={settings.reload} label="Budgets" />
      </Section>
      {sections.includes("workspaces") && (
        <Section id="workspaces">
          {project && (
            <>
              <h4>Where the agents of {project.name} work</h4>
              <ProjectWorkspace key={project.id} project={project} />
            </>
          )}
          <SettingGroup settings={workspaceSettings} onChanged={settings.reload} label="Workspace settings" />
        </Section>
      )}
      <Section id="data">
        <DataFacts />
        <ProjectArchive project={project} />
      </Section>
    </section>
  );
}

function Section({ id, children }: { id: SettingsSection; children: ReactNode }) {
  const anchor = settingsSectionId(id);
  return (
    <section id={anchor} className="settings-section" aria-labelledby={`${anchor}-heading`}>
      <h3 id={`${anchor}-heading`} tabIndex={-1}>
        {TITLES[id]}
      </h3>
      {children}
    </section>
  );
}

function SettingGroup({ settings, onChanged, label }: { settings: SettingView[]; onChanged: () => void; label: string }) {
  if (settings.length === 0) return null;
  return (
    <div className="setting-group" role="group" aria-label={label}>
      {settings.map((s) => (
        // Keyed by value too: a value changed elsewhere (the CLI, another field's save) starts a fresh draft.
        <SettingField key={`${s.key}:${s.value}`} setting={s} onChanged={onChanged} />
      ))}
    </div>
  );
}
