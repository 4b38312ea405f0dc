//! Listing queries built from the filters a caller gave, so that SQLite sees only the conditions that
//! apply and can pick the index that matches the sort. A `(?1 IS NULL OR col = ?1)` query is one plan for
//! every filter combination, and that plan is a scan; here each listing names its conditions, its order
//! and its keyset cursor, and the statement says exactly that.

use rusqlite::types::Value;

use super::sql::like_contains;

/// The FTS5 query that finds `text` as a substring through a trigram index: one phrase, the text as
/// written with its quotes doubled; none for blank text or text shorter than a trigram (3 characters).
pub(super) fn trigram_phrase(text: &str) -> Option<String> {
    let text = text.trim();
    (text.chars().count() >= 3).then(|| format!("\"{}\"", text.replace('"', "\"\"")))
}

/// One column of a listing's sort key.
#[derive(Debug, Clone, Copy)]
pub(super) struct Key {
    pub column: &'static str,
    pub descending: bool,
}

impl Key {
    pub const fn asc(column: &'static str) -> Self {
        Self { column, descending: false }
    }

    pub const fn desc(column: &'static str) -> Self {
        Self { column, descending: true }
    }
}

/// A `SELECT` under construction: conditions joined with `AND`, anonymous `?` parameters in the order
/// the conditions were added.
#[derive(Debug)]
pub(super) struct Select {
    table: &'static str,
    columns: String,
    conditions: Vec<String>,
    params: Vec<Value>,
}

impl Select {
    pub fn from(table: &'static str, columns: &str) -> Self {
        Self { table, columns: columns.to_owned(), conditions: Vec::new(), params: Vec::new() }
    }

    /// Adds a condition with its parameters (one per `?` in it).
    pub fn and(&mut self, condition: impl Into<String>, params: impl IntoIterator<Item = Value>) -> &mut Self {
        let condition = condition.into();
        let params: Vec<Value> = params.into_iter().collect();
        debug_assert_eq!(condition.matches('?').count(), params.len(), "{condition}");
        self.conditions.push(condition);
        self.params.extend(params);
        self
    }

    /// Adds `condition` with `value` when there is a value.
    pub fn and_some<T: Into<Value>>(&mut self, condition: &str, value: Option<T>) -> &mut Self {
        if let Some(value) = value {
            self.and(condition, [value.into()]);
        }
        self
    }

    /// Keeps the rows whose title or description contains `text` (case-insensitive, literally: `%` and
    /// `_` match themselves); blank or absent text keeps every row.
    pub fn containing(&mut self, text: Option<&str>) -> &mut Self {
        if let Some(pattern) = text.map(str::trim).filter(|t| !t.is_empty()).map(like_contains) {
            self.and(
                "(title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')",
                [pattern.clone().into(), pattern.into()],
            );
        }
        self
    }

    /// Like [`Select::containing`], through the trigram index `index` (an FTS5 table over this table's
    /// title and description, keyed by rowid) when the text has the three characters a trigram needs;
    /// shorter text falls back to `LIKE`. The match is the same: a case-insensitive substring.
    pub fn containing_indexed(&mut self, index: &'static str, text: Option<&str>) -> &mut Self {
        match text.and_then(trigram_phrase) {
            Some(phrase) => {
                self.and(format!("rowid IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)"), [phrase.into()])
            }
            None => self.containing(text),
        }
    }

    /// Keeps the rows that sort after row `after_id` under `keys` (which must end in a unique column).
    /// The cursor's key values are read by subquery, so a page needs only the last id the caller saw.
    /// The first key also bounds the range (`>=`/`<=`), which lets SQLite start inside the index instead
    /// of walking it from the top.
    pub fn after(&mut self, keys: &[Key], after_id: String) -> &mut Self {
        let cursor = |column: &str| format!("(SELECT {column} FROM {} WHERE id = ?)", self.table);
        let mut params = Vec::new();
        let mut clause = String::new();
        for (i, key) in keys.iter().enumerate().rev() {
            let strict = if key.descending { "<" } else { ">" };
            let value = cursor(key.column);
            clause = if i == keys.len() - 1 {
                params.push(after_id.clone());
                format!("{} {strict} {value}", key.column)
            } else {
                // Parameters are numbered by position in the text: this level's two come before the rest.
                let mut level = vec![after_id.clone(), after_id.clone()];
                level.append(&mut params);
                params = level;
                format!("({c} {strict} {value} OR ({c} = {value} AND {clause}))", c = key.column)
            };
        }
        if let Some(first) = keys.first() {
            let bound = if first.descending { "<=" } else { ">=" };
            clause = format!("{} {bound} {} AND {clause}", first.column, cursor(first.column));
            params.insert(0, after_id);
        }
        self.and(clause, params.into_iter().map(Value::Text))
    }

    /// The statement and its parameters, in `keys` order, at most `limit` rows.
    pub fn finish(&self, keys: &[Key], limit: Option<u32>) -> (String, Vec<Value>) {
        let mut sql = format!("SELECT {} FROM {}", self.columns, self.table);
        if !self.conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.conditions.join(" AND "));
        }
        let order: Vec<String> = keys
            .iter()
            .map(|k| format!("{} {}", k.column, if k.descending { "DESC" } else { "ASC" }))
            .collect();
        sql.push_str(" ORDER BY ");
        sql.push_str(&order.join(", "));
        if let Some(limit) = limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        (sql, self.params.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_over_mixed_directions() {
        let keys = [Key::asc("urgency"), Key::desc("updated_at"), Key::asc("id")];
        let mut select = Select::from("tasks", "id");
        select.and_some("project_id = ?", Some("p".to_owned())).after(&keys, "t".into());
        let (sql, params) = select.finish(&keys, Some(5));
        assert_eq!(sql.matches('?').count(), params.len());
        assert!(sql.contains("urgency >= (SELECT urgency FROM tasks WHERE id = ?)"), "{sql}");
        assert!(sql.ends_with("ORDER BY urgency ASC, updated_at DESC, id ASC LIMIT 5"), "{sql}");
        assert_eq!(params[0], Value::Text("p".into()));
    }
}
