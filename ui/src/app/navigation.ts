// The screens of the window and the one way any component asks to show one (a remediation's "Set up an
// agent" button, the command palette), so components never reach into the App's state.
import { createContext, useContext } from "react";

export const SCREENS = ["backlog", "planning", "tasks", "activity", "overview", "knowledge", "settings"] as const;
export type Screen = (typeof SCREENS)[number];

/** A screen's name for people. */
export function screenLabel(screen: Screen): string {
  return screen[0]?.toUpperCase() + screen.slice(1);
}

/** Shows `screen`; `anchor` is the id of a section to scroll to once it is drawn. */
export type OpenScreen = (screen: Screen, anchor?: string) => void;

export const OpenScreenContext = createContext<OpenScreen>(() => undefined);

export function useOpenScreen(): OpenScreen {
  return useContext(OpenScreenContext);
}

/** Opens a task's detail on the Tasks screen of its project. */
export type OpenTask = (taskId: string) => void;

export const OpenTaskContext = createContext<OpenTask>(() => undefined);

export function useOpenTask(): OpenTask {
  return useContext(OpenTaskContext);
}

/** The id of the Agents section of Settings, which every "set up an agent" action opens. */
export const AGENTS_ANCHOR = "settings-agents";
