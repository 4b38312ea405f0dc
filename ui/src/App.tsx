import { ProjectList } from "./features/projects/ProjectList";

/** The window's frame. Later screens (backlog, planning, tasks, activity) hang off the project picked here. */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>anpm</h1>
        <span className="app-tagline">plan requirements, dispatch agents</span>
      </header>
      <main className="app-main">
        <ProjectList />
      </main>
    </div>
  );
}
