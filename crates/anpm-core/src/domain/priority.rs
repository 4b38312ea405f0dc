//! Priority of backlog items and tasks. Ordered by urgency (`urgent` first), never alphabetically: upstream
//! sorted the strings and put `high` before `urgent`.

use super::macros::string_enum;

string_enum! {
    /// How soon a piece of work matters.
    #[derive(Default)]
    Priority as "priority" {
        Low = "low",
        #[default]
        Medium = "medium",
        High = "high",
        Urgent = "urgent",
    }
}

impl Priority {
    /// Sort key: 0 for the most urgent.
    pub fn urgency_rank(self) -> u8 {
        match self {
            Self::Urgent => 0,
            Self::High => 1,
            Self::Medium => 2,
            Self::Low => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_orders_urgent_first() {
        let mut all = Priority::ALL.to_vec();
        all.sort_by_key(|p| p.urgency_rank());
        assert_eq!(all, vec![Priority::Urgent, Priority::High, Priority::Medium, Priority::Low]);
    }

    #[test]
    fn unknown_priority_lists_the_accepted_values() {
        let err = "critical".parse::<Priority>().expect_err("refused");
        assert_eq!(
            err.to_string(),
            "invalid priority: unknown value `critical`; expected one of: low, medium, high, urgent"
        );
    }
}
