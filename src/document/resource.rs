//! The uid and name of a Palette object, read from its `metadata` by one trait every such generated type implements.

/// A Palette object with `metadata`: its uid and name without the
/// `metadata.as_ref().and_then(|m| m.name.as_deref())` chain. Every generated type whose
/// `metadata` holds a uid or a name implements it (workspaces, clusters, cluster profiles,
/// cloud accounts, users, teams, ...); either may be `None`, as Palette may leave it unset.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::prelude::*;
///
/// let workspace = client.workspaces_uid_get().uid("651aa2f7").send().await?;
/// println!("{} is {}", workspace.uid().unwrap_or("?"), workspace.name().unwrap_or("?"));
/// # Ok(()) }
/// ```
pub trait Resource {
    /// The object's uid (`metadata.uid`).
    fn uid(&self) -> Option<&str>;
    /// The object's name (`metadata.name`).
    fn name(&self) -> Option<&str>;
}
