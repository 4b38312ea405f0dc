// What the rest of the window mounts from agent onboarding.
export { AgentSetup } from "./AgentSetup";
export { AgentReadinessNote } from "./AgentReadinessNote";
export { OpenAgentsButton } from "./OpenAgentsButton";
export { AgentTestResult } from "./AgentTestResult";
export { needsAgentSetup, errorKindWords, KNOWN_CLIS } from "./agentCatalog";
