//! The commands the webview may call, expanded from the one list in `registry.rs`: each becomes a
//! `#[tauri::command]` that takes the managed [`Core`], runs its one core call on the blocking pool (SQLite
//! never runs on an async worker) and maps the error to [`IpcError`]. Nothing here decides anything: the
//! webview's raw strings and raw-input structs are parsed by the core, with the core's error codes.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use anpm_core::api::*;
use anpm_core::Core;
use tauri::State;

use crate::ipc_error::IpcError;

/// One command as the generated TypeScript wrapper sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandSpec {
    pub name: &'static str,
    pub doc: &'static str,
    /// Argument names (snake_case, as in Rust) and their TypeScript types.
    pub args: Vec<(&'static str, String)>,
    /// The TypeScript type of the answer.
    pub answer: String,
}

macro_rules! registry {
    (
        commands {
            $(
                $(#[doc = $doc:literal])*
                $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $answer:ty = |$c:ident| $body:expr;
            )+
        }
        channels { $($channel:ident),* $(,)? }
        os { $($os:ident),* $(,)? }
    ) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            // The arguments are the webview's named fields, one per registry parameter.
            #[allow(clippy::too_many_arguments)]
            pub async fn $name(
                core: State<'_, Arc<Core>>,
                $($arg: $ty),*
            ) -> Result<$answer, IpcError> {
                blocking(core, move |$c: &Core| -> anpm_core::Result<$answer> { $body }).await
            }
        )+

        /// Every command the webview may call, in registry order.
        pub const COMMANDS: &[&str] =
            &[$(stringify!($name),)+ $(stringify!($channel),)* $(stringify!($os)),*];

        /// The typed shape of every non-channel command, for `ui/src/gen/commands.ts`.
        pub fn specs(cfg: &ts_rs::Config) -> Vec<CommandSpec> {
            vec![$(
                CommandSpec {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n"),*),
                    args: vec![$((stringify!($arg), <$ty as ts_rs::TS>::name(cfg))),*],
                    answer: <$answer as ts_rs::TS>::name(cfg),
                }
            ),+]
        }

        /// The invoke handler of every command.
        macro_rules! handler {
            () => {
                tauri::generate_handler![
                    $(crate::commands::$name,)+
                    $(crate::terminal::$channel,)*
                    $(crate::os::$os),*
                ]
            };
        }
        pub(crate) use handler;
    };
}

include!("registry.rs");

/// Runs a blocking core operation on the blocking pool; SQLite never runs on an async worker.
async fn blocking<T, F>(core: State<'_, Arc<Core>>, op: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&Core) -> anpm_core::Result<T> + Send + 'static,
{
    let core = Arc::clone(&core);
    tauri::async_runtime::spawn_blocking(move || op(&core))
        .await
        .map_err(IpcError::interrupted)?
        .map_err(IpcError::from)
}

/// Parses a raw id or enum value with the core's parser (and so the core's error code).
fn parse<T: FromStr<Err = anpm_core::Error>>(raw: &str) -> anpm_core::Result<T> {
    raw.parse()
}

fn parse_opt<T: FromStr<Err = anpm_core::Error>>(
    raw: Option<String>,
) -> anpm_core::Result<Option<T>> {
    raw.as_deref().map(parse).transpose()
}
