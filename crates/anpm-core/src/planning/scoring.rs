//! Server-owned scoring: every provider's candidates are scored here on one 0–100 scale from a table of
//! factors, the evidence gathered and the duplicates found, so that scores from different providers can be
//! compared and nothing a model claims about its own priority is trusted.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The six factors of a candidate, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factors {
    pub impact: f64,
    pub urgency: f64,
    pub dependency_unlock: f64,
    pub risk_reduction: f64,
    pub effort: f64,
    pub confidence: f64,
}

/// How a candidate's scores were computed, stored with its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct ScoreBreakdown {
    pub impact: f64,
    pub urgency: f64,
    pub dependency_unlock: f64,
    pub risk_reduction: f64,
    pub effort: f64,
    pub confidence_seed: f64,
    pub evidence_bonus: f64,
    pub duplicate_penalty: f64,
    pub final_priority_score: f64,
    pub final_confidence: f64,
}

/// Clamps to [0, 1].
pub fn clamp01(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

fn clamp100(x: f64) -> f64 {
    x.clamp(0.0, 100.0)
}

/// Rounds to one decimal.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The factor penalty for `duplicates` open tasks with the same title: none for none, then 0.10 plus 0.03
/// for each further duplicate.
pub fn duplicate_factor_penalty(duplicates: usize) -> f64 {
    match duplicates {
        0 => 0.0,
        n => 0.10 + 0.03 * (n - 1) as f64,
    }
}

/// Scores a candidate with `evidence` evidence lines and `duplicates` duplicate open tasks.
pub fn score(factors: Factors, evidence: usize, duplicates: usize) -> ScoreBreakdown {
    let f = Factors {
        impact: clamp01(factors.impact),
        urgency: clamp01(factors.urgency),
        dependency_unlock: clamp01(factors.dependency_unlock),
        risk_reduction: clamp01(factors.risk_reduction),
        effort: clamp01(factors.effort),
        confidence: clamp01(factors.confidence),
    };
    let weighted = 0.30 * f.impact
        + 0.25 * f.urgency
        + 0.20 * f.dependency_unlock
        + 0.15 * f.risk_reduction
        + 0.10 * clamp01(f.confidence - duplicate_factor_penalty(duplicates))
        - 0.15 * f.effort;
    let base = round1(clamp100(100.0 * weighted));
    let confidence_seed = round1(clamp100(f.confidence * 100.0));
    let evidence_bonus = (1.8 * evidence as f64).min(6.0);
    let duplicate_penalty = 6.5 * duplicates as f64;
    let final_priority_score = round1(clamp100(base + evidence_bonus - duplicate_penalty));
    let final_confidence = round1(clamp100(
        confidence_seed + (2.5 * evidence as f64).min(10.0) - 9.0 * duplicates as f64,
    ));
    ScoreBreakdown {
        impact: round1(f.impact * 100.0),
        urgency: round1(f.urgency * 100.0),
        dependency_unlock: round1(f.dependency_unlock * 100.0),
        risk_reduction: round1(f.risk_reduction * 100.0),
        effort: round1(f.effort * 100.0),
        confidence_seed,
        evidence_bonus: round1(evidence_bonus),
        duplicate_penalty: round1(duplicate_penalty),
        final_priority_score,
        final_confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMPLEMENTATION: Factors = Factors {
        impact: 0.92,
        urgency: 0.58,
        dependency_unlock: 0.62,
        risk_reduction: 0.44,
        effort: 0.52,
        confidence: 0.73,
    };

    #[test]
    fn formula_on_a_bare_requirement() {
        // 100 × (.276 + .145 + .124 + .066 + .073 − .078) = 60.6; one evidence line adds 1.8 and 2.5.
        let s = score(IMPLEMENTATION, 1, 0);
        assert_eq!(s.final_priority_score, 62.4);
        assert_eq!(s.confidence_seed, 73.0);
        assert_eq!(s.final_confidence, 75.5);
        assert_eq!((s.impact, s.effort), (92.0, 52.0));
    }

    #[test]
    fn evidence_bonus_is_capped_and_duplicates_cost() {
        let many = score(IMPLEMENTATION, 10, 0);
        assert_eq!(many.evidence_bonus, 6.0);
        assert_eq!(many.final_confidence, 83.0);
        let dup = score(IMPLEMENTATION, 1, 2);
        assert_eq!(dup.duplicate_penalty, 13.0);
        assert!(dup.final_priority_score < score(IMPLEMENTATION, 1, 0).final_priority_score - 13.0);
        assert_eq!(duplicate_factor_penalty(0), 0.0);
        assert!((duplicate_factor_penalty(3) - 0.16).abs() < 1e-9);
    }

    #[test]
    fn scores_stay_on_the_0_to_100_scale() {
        let top = Factors {
            impact: 2.0,
            urgency: 2.0,
            dependency_unlock: 2.0,
            risk_reduction: 2.0,
            effort: -1.0,
            confidence: 2.0,
        };
        let s = score(top, 50, 0);
        assert!(s.final_priority_score <= 100.0 && s.final_confidence <= 100.0);
        let bottom = Factors {
            impact: 0.0,
            urgency: 0.0,
            dependency_unlock: 0.0,
            risk_reduction: 0.0,
            effort: 1.0,
            confidence: 0.0,
        };
        let s = score(bottom, 0, 9);
        assert_eq!((s.final_priority_score, s.final_confidence), (0.0, 0.0));
    }
}
