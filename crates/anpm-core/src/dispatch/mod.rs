//! Dispatch: running queued tasks through agent CLIs. So far it holds the role catalog, which planning uses
//! to validate the role a task is applied with.

pub mod roles;
