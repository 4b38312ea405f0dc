import { describe, expect, it } from "vitest";
import { confidenceParts, onHundredScale, percent, priorityParts, type ScoreBreakdown, scoreBreakdown, signed } from "./scoreParts";

// The core's own worked example (planning/scoring.rs, formula_on_a_bare_requirement): one evidence line.
const bare: ScoreBreakdown = {
  impact: 92,
  urgency: 58,
  dependency_unlock: 62,
  risk_reduction: 44,
  effort: 52,
  confidence_seed: 73,
  evidence_bonus: 1.8,
  duplicate_penalty: 0,
  final_priority_score: 62.4,
  final_confidence: 75.5,
};
// The same factors with two duplicate open tasks, worked by hand from the same formula.
const twoDuplicates: ScoreBreakdown = { ...bare, duplicate_penalty: 13, final_priority_score: 48.1, final_confidence: 57.5 };

const sum = (parts: Array<{ contribution: number }>) => parts.reduce((total, p) => total + p.contribution, 0);

describe("score parts", () => {
  it("adds up to the core's priority and confidence, with and without duplicates", () => {
    expect(sum(priorityParts(bare))).toBeCloseTo(62.4, 1);
    expect(sum(confidenceParts(bare))).toBeCloseTo(75.5, 1);
    expect(sum(priorityParts(twoDuplicates))).toBeCloseTo(48.1, 1);
    expect(sum(confidenceParts(twoDuplicates))).toBeCloseTo(57.5, 1);
    // Duplicates also lower the confidence factor inside the weighted sum (0.73 − 0.13).
    expect(priorityParts(twoDuplicates).find((p) => p.name.startsWith("Confidence"))?.contribution).toBeCloseTo(6.0, 5);
    expect(confidenceParts(twoDuplicates).map((p) => signed(p.contribution))).toEqual(["+73.0", "+2.5", "−18.0"]);
  });

  it("reads a breakdown only when every part is a number", () => {
    expect(scoreBreakdown({ score_breakdown: bare, documents: [] })).toEqual(bare);
    expect(scoreBreakdown({})).toBeNull();
    expect(scoreBreakdown(null)).toBeNull();
    expect(scoreBreakdown({ score_breakdown: { ...bare, impact: "high" } })).toBeNull();
  });

  it("puts 0–1 scores on the 0–100 scale and ratios in percent", () => {
    expect(onHundredScale(0.7)).toBeCloseTo(70, 5);
    expect(onHundredScale(64)).toBe(64);
    expect(onHundredScale(0)).toBe(0);
    expect(percent(0.666)).toBe("67%");
    expect(signed(-0.04)).toBe("0.0");
  });
});
