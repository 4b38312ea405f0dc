// The arithmetic behind a candidate's two scores, as the review card explains them: reading the score
// breakdown the core stores in `evidence_detail`, and putting every score on the one 0–100 scale.

/**
 * How the core computed a candidate's scores (`ScoreBreakdown` in planning/scoring.rs). The generated
 * types carry `evidence_detail` as `unknown`, so the shape is checked here before it is trusted.
 */
export type ScoreBreakdown = {
  impact: number;
  urgency: number;
  dependency_unlock: number;
  risk_reduction: number;
  effort: number;
  confidence_seed: number;
  evidence_bonus: number;
  duplicate_penalty: number;
  final_priority_score: number;
  final_confidence: number;
};

/** One line of an explained score: what it is and how much it added (negative: took away). */
export type ScorePart = { name: string; contribution: number };

const KEYS: Array<keyof ScoreBreakdown> = [
  "impact",
  "urgency",
  "dependency_unlock",
  "risk_reduction",
  "effort",
  "confidence_seed",
  "evidence_bonus",
  "duplicate_penalty",
  "final_priority_score",
  "final_confidence",
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The breakdown kept with a candidate, or null for candidates stored without one (older runs, `{}`). */
export function scoreBreakdown(evidenceDetail: unknown): ScoreBreakdown | null {
  if (!isRecord(evidenceDetail)) return null;
  const raw = evidenceDetail.score_breakdown;
  if (!isRecord(raw)) return null;
  const breakdown: Partial<Record<keyof ScoreBreakdown, number>> = {};
  for (const key of KEYS) {
    const value = raw[key];
    if (typeof value !== "number" || !Number.isFinite(value)) return null;
    breakdown[key] = value;
  }
  return breakdown as ScoreBreakdown;
}

/**
 * A score on the 0–100 scale. Candidates written by older planners (and connector imports) kept 0–1
 * values, and a 0–1 number printed beside a 0–100 one reads as nearly nothing, so fractions are scaled.
 */
export function onHundredScale(value: number): number {
  return value > 0 && value <= 1 ? value * 100 : value;
}

/** A 0–1 ratio (acceptance rate, router confidence) as a whole percentage. */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** A contribution as it is printed: signed (nothing is neither), one decimal, with a real minus sign. */
export function signed(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return "0.0";
  return `${rounded < 0 ? "−" : "+"}${Math.abs(rounded).toFixed(1)}`;
}

// The weights live in the core (planning/scoring.rs); the breakdown stores each factor but not its
// weight, so the card repeats them to show what each factor was worth. Keep the two in step.
const FACTOR_WEIGHTS: Array<[keyof ScoreBreakdown, string, number]> = [
  ["impact", "Impact", 0.3],
  ["urgency", "Urgency", 0.25],
  ["dependency_unlock", "Unblocks other work", 0.2],
  ["risk_reduction", "Risk reduction", 0.15],
];
const CONFIDENCE_WEIGHT = 0.1;
const EFFORT_WEIGHT = 0.15;
/** Priority points taken per duplicate open task (`duplicate_penalty` is this times the count). */
const PRIORITY_POINTS_PER_DUPLICATE = 6.5;
/** Confidence points taken per duplicate open task. */
const CONFIDENCE_POINTS_PER_DUPLICATE = 9;

function duplicates(b: ScoreBreakdown): number {
  return Math.round(b.duplicate_penalty / PRIORITY_POINTS_PER_DUPLICATE);
}

/** Duplicates also lower the confidence factor inside the weighted sum: 0.10, then 0.03 per further one. */
function confidenceFactorPenalty(count: number): number {
  return count === 0 ? 0 : 0.1 + 0.03 * (count - 1);
}

const weight = (w: number) => w.toFixed(2);

/** The parts that add up to the priority score, in the order of the formula. */
export function priorityParts(b: ScoreBreakdown): ScorePart[] {
  const count = duplicates(b);
  const confidenceFactor = Math.min(Math.max(b.confidence_seed / 100 - confidenceFactorPenalty(count), 0), 1) * 100;
  return [
    ...FACTOR_WEIGHTS.map(([key, name, w]) => ({ name: `${name} (${b[key]} × ${weight(w)})`, contribution: b[key] * w })),
    { name: `Confidence (${Math.round(confidenceFactor * 10) / 10} × ${weight(CONFIDENCE_WEIGHT)})`, contribution: confidenceFactor * CONFIDENCE_WEIGHT },
    { name: `Effort (${b.effort} × −${weight(EFFORT_WEIGHT)})`, contribution: -b.effort * EFFORT_WEIGHT },
    { name: "Evidence found", contribution: b.evidence_bonus },
    { name: `Possible duplicates (${count})`, contribution: -b.duplicate_penalty },
  ];
}

/**
 * The parts that add up to the confidence score. The evidence part is what remains once the planner's
 * own confidence and the duplicates are counted, which is also what it effectively added at the 100 cap.
 */
export function confidenceParts(b: ScoreBreakdown): ScorePart[] {
  const duplicatePart = -CONFIDENCE_POINTS_PER_DUPLICATE * duplicates(b);
  return [
    { name: "Planner's confidence", contribution: b.confidence_seed },
    { name: "Evidence found", contribution: b.final_confidence - b.confidence_seed - duplicatePart },
    { name: `Possible duplicates (${duplicates(b)})`, contribution: duplicatePart },
  ];
}
