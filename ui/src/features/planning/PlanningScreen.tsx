// The Planning screen: a narrow, collapsible list of requirements beside the area where one is written
// or planned and its candidates reviewed, which gets every pixel the list does not need.
import { useRemembered } from "../../app/remembered";
import { useEffect, useState } from "react";
import { Badge, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { ipc, type Requirement, type Role } from "../../ipc";
import { NewRequirement } from "./NewRequirement";
import { RequirementRuns } from "./RequirementRuns";
import "./planning.css";

/** Requirements, their planning runs, and review of the candidates a run produced. */
export function PlanningScreen({
  projectId,
  roles,
  focus = null,
}: {
  projectId: string;
  roles: Role[];
  /** A run to open (a clicked notice): its requirement is selected and the run reviewed. */
  focus?: { id: string; requirementId: string } | null;
}) {
  const { state, reload } = useLive(() => ipc.listRequirements(projectId, null, false), [projectId], ["requirements"]);
  const [selected, setSelected] = useRemembered<string | null>(`planning:${projectId}:requirement`, focus?.requirementId ?? null);
  const [composing, setComposing] = useState(false);
  const [listShown, setListShown] = useState(true);
  useEffect(() => {
    if (focus) {
      setSelected(focus.requirementId);
      setComposing(false);
    }
  }, [focus]);
  const requirements = state.kind === "ready" ? state.data : [];
  // A project without requirements opens on the form: there is nothing else to do here yet. A requirement
  // just added is selected before the list reloads with it, which must not bring the form back.
  const writing = composing || (state.kind === "ready" && requirements.length === 0 && !selected);
  const choose = (id: string) => {
    setSelected(id);
    setComposing(false);
  };
  return (
    <section aria-labelledby="planning-heading" className="panel planning">
      <header className="planning-head">
        <h2 id="planning-heading">Planning</h2>
        <button
          type="button"
          className="ghost"
          aria-expanded={listShown}
          aria-controls="planning-requirements"
          onClick={() => setListShown(!listShown)}
        >
          {listShown ? "Hide requirements" : "Show requirements"}
        </button>
        <button type="button" onClick={() => setComposing(true)} disabled={writing}>
          New requirement
        </button>
      </header>
      <div className={listShown ? "planning-body" : "planning-body list-hidden"}>
        <nav id="planning-requirements" aria-label="Requirements" className="planning-requirements" hidden={!listShown}>
          <LiveStatus state={state} what="requirements" />
          {state.kind === "ready" && requirements.length === 0 && <p className="muted">No requirement yet.</p>}
          {requirements.length > 0 && (
            <ul className="list">
              {requirements.map((r: Requirement) => (
                <li key={r.id} className={r.id === selected ? "selected" : undefined}>
                  <button
                    type="button"
                    className="link"
                    title={r.title}
                    aria-current={r.id === selected ? "true" : undefined}
                    onClick={() => choose(r.id)}
                  >
                    <span className="requirement-title">{r.title}</span>
                  </button>
                  <Badge kind="status" value={r.status} />
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div className="planning-main">
          {writing ? (
            <NewRequirement
              projectId={projectId}
              onCancel={requirements.length > 0 ? () => setComposing(false) : undefined}
              onAdded={(r) => {
                choose(r.id);
                reload();
              }}
            />
          ) : selected ? (
            <RequirementRuns
              key={selected}
              focusRun={focus?.requirementId === selected ? focus : null}
              requirement={requirements.find((r) => r.id === selected)}
              requirementId={selected}
              roles={roles}
              onEdited={reload}
            />
          ) : (
            state.kind === "ready" && (
              <p className="muted empty-note">
                Pick a requirement from the list to plan it and review its candidates, or write a new one.
              </p>
            )
          )}
        </div>
      </div>
    </section>
  );
}
