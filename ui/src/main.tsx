import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";
import { startRecentChanges } from "./hooks/recentChanges";
import { applyTheme, storedTheme } from "./theme";

/** Phase changes the Activity screen's feed keeps. */
const RECENT_CHANGES = 50;

// Before the first render, so a pinned theme never flashes the other one.
applyTheme(storedTheme());

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
// Recorded from the start, so the Activity screen shows what happened before it was opened.
startRecentChanges(RECENT_CHANGES).catch(() => undefined);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
