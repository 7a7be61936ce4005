//! Palette's `listmeta.continue` pages, streamed: three pages, limits, an early end and an error mid-stream, through `paginate` and the generated `.stream()`.

mod common;

use common::scripted::{Reply, Scripted};
use futures_util::{StreamExt, TryStreamExt};
use palette_sdk::pagination::{MAX_PAGE_SIZE, Page, PageRequest, paginate};
use serde::Deserialize;
use serde_json::json;

/// A list reply in Palette's paged shape (as later areas of the API have it).
#[derive(Deserialize)]
struct Listed {
    items: Option<Vec<Item>>,
    listmeta: Option<ListMeta>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Item {
    name: String,
}

#[derive(Deserialize)]
struct ListMeta {
    #[serde(rename = "continue")]
    continue_token: Option<String>,
}

fn page(names: &[&str], next: Option<&str>) -> Reply {
    let items: Vec<_> = names.iter().map(|n| json!({"name": n})).collect();
    Reply::json(
        200,
        &json!({"items": items, "listmeta": {"continue": next, "count": 7, "limit": 3, "offset": 0}}),
    )
}

/// What a page fetch of these tests fails with, as text: `paginate` takes any error type that
/// converts from the SDK's (whose errors end a stream too).
#[derive(Debug, PartialEq)]
struct Failed(String);

impl From<palette_sdk::Error> for Failed {
    fn from(e: palette_sdk::Error) -> Self {
        Failed(e.to_string())
    }
}

/// Fetches one page from the scripted server, passing `continue` and `limit` as Palette takes them.
async fn fetch(
    http: &reqwest::Client,
    base: &str,
    request: PageRequest,
) -> Result<Page<Item>, Failed> {
    let mut url = format!("{base}/v1/list?limit={}", request.limit);
    if let Some(token) = &request.continue_token {
        url.push_str(&format!("&continue={token}"));
    }
    let reply = http
        .get(url)
        .send()
        .await
        .map_err(|e| Failed(e.to_string()))?;
    if !reply.status().is_success() {
        return Err(Failed(format!("status {}", reply.status().as_u16())));
    }
    let listed: Listed = reply.json().await.map_err(|e| Failed(e.to_string()))?;
    Ok(Page {
        items: listed.items.unwrap_or_default(),
        continue_token: listed.listmeta.and_then(|m| m.continue_token),
    })
}

#[tokio::test]
async fn three_pages_stream_every_item_in_order() {
    let server = Scripted::start(vec![
        page(&["a", "b", "c"], Some("t1")),
        page(&["d", "e", "f"], Some("t2")),
        page(&["g"], Some("")),
    ])
    .await;
    let http = common::plain_http();
    let names: Vec<String> = paginate(3, |request| fetch(&http, server.url(), request))
        .map_ok(|item| item.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["a", "b", "c", "d", "e", "f", "g"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/list?limit=3",
            "/v1/list?limit=3&continue=t1",
            "/v1/list?limit=3&continue=t2"
        ]
    );
}

#[tokio::test]
async fn an_absent_token_ends_the_list_too() {
    let server = Scripted::start(vec![page(&["a"], None), page(&["never"], None)]).await;
    let http = common::plain_http();
    let all: Vec<Item> = paginate(10, |r| fetch(&http, server.url(), r))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, [Item { name: "a".into() }]);
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn the_limit_is_capped_at_fifty() {
    let server = Scripted::start(vec![page(&[], None)]).await;
    let http = common::plain_http();
    let _: Vec<Item> = paginate(500, |r| fetch(&http, server.url(), r))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0].target,
        format!("/v1/list?limit={MAX_PAGE_SIZE}")
    );
}

#[tokio::test]
async fn an_error_mid_stream_ends_the_stream_with_that_error() {
    let server = Scripted::start(vec![
        page(&["a", "b"], Some("t1")),
        Reply::empty(500),
        page(&["c"], None),
    ])
    .await;
    let http = common::plain_http();
    let results: Vec<Result<Item, Failed>> = paginate(2, |r| fetch(&http, server.url(), r))
        .collect()
        .await;
    assert_eq!(results.len(), 3, "two items, then the error, then the end");
    assert!(results[0].is_ok() && results[1].is_ok());
    assert_eq!(results[2].as_ref().unwrap_err().0, "status 500");
    assert_eq!(server.hits(), 2, "no page is fetched after the error");
}

#[cfg(all(
    feature = "users",
    feature = "teams",
    feature = "roles",
    feature = "projects"
))]
mod generated_streams {
    use super::*;
    use palette_sdk::prelude::*;

    /// A page of a Palette list of named objects (users, teams, roles, project summaries).
    fn named_page(names: &[&str], next: Option<&str>) -> Reply {
        let items: Vec<_> = names
            .iter()
            .map(|n| json!({"metadata": {"name": n, "uid": format!("uid-{n}")}}))
            .collect();
        Reply::json(
            200,
            &json!({"items": items, "listmeta": {"continue": next, "count": 7, "limit": 50, "offset": 0}}),
        )
    }

    fn query_of(target: &str) -> Vec<(String, String)> {
        let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        pairs.sort();
        pairs
    }

    fn names_of<T: serde::Serialize>(items: &[T]) -> Vec<String> {
        items
            .iter()
            .map(|i| {
                serde_json::to_value(i).unwrap()["metadata"]["name"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    /// Three pages a list answers with, the last ending the list with an empty token.
    async fn three_page_server() -> Scripted {
        Scripted::start(vec![
            named_page(&["a", "b"], Some("t1")),
            named_page(&["c"], Some("t2")),
            named_page(&["d"], Some("")),
            named_page(&["never"], None),
        ])
        .await
    }

    /// Checks that the three pages were asked for in turn, 50 at a time, on `path`.
    fn assert_three_pages(server: &Scripted, path: &str) {
        let sent = server.requests();
        assert_eq!(sent.len(), 3, "{path}: the empty token ends the list");
        for (request, token) in sent.iter().zip([None, Some("t1"), Some("t2")]) {
            assert!(request.target.starts_with(path), "{}", request.target);
            let mut want = vec![("limit".to_string(), "50".to_string())];
            if let Some(token) = token {
                want.push(("continue".into(), token.into()));
            }
            want.sort();
            assert_eq!(query_of(&request.target), want, "{path}");
        }
    }

    #[tokio::test]
    async fn users_teams_roles_and_projects_stream_over_every_page() {
        let server = three_page_server().await;
        let client = common::client_for(server.url());
        let users: Vec<_> = client.users_list().stream().try_collect().await.unwrap();
        assert_eq!(names_of(&users), ["a", "b", "c", "d"]);
        assert_three_pages(&server, "/v1/users?");

        let server = three_page_server().await;
        let client = common::client_for(server.url());
        let teams: Vec<_> = client.teams_list().stream().try_collect().await.unwrap();
        assert_eq!(names_of(&teams), ["a", "b", "c", "d"]);
        assert_three_pages(&server, "/v1/teams?");

        let server = three_page_server().await;
        let client = common::client_for(server.url());
        let roles: Vec<_> = client.roles_list().stream().try_collect().await.unwrap();
        assert_eq!(names_of(&roles), ["a", "b", "c", "d"]);
        assert_three_pages(&server, "/v1/roles?");

        let server = three_page_server().await;
        let client = common::client_for(server.url());
        let projects: Vec<_> = client
            .projects_filter_summary()
            .body(palette_sdk::types::ProjectsFilterSpec::default())
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(names_of(&projects), ["a", "b", "c", "d"]);
        assert_three_pages(&server, "/v1/dashboard/projects?");
    }

    #[tokio::test]
    async fn a_stream_dropped_early_fetches_no_further_page() {
        let server = Scripted::start(vec![
            named_page(&["a", "b"], Some("t1")),
            named_page(&["c"], None),
        ])
        .await;
        let client = common::client_for(server.url());
        let first: Vec<_> = client
            .users_list()
            .stream()
            .take(2)
            .try_collect::<Vec<_>>()
            .await
            .unwrap();
        assert_eq!(names_of(&first), ["a", "b"]);
        assert_eq!(server.hits(), 1, "the second page is never asked for");
    }

    #[tokio::test]
    async fn a_failed_page_ends_the_stream_with_its_error_after_the_items_before_it() {
        let server = Scripted::start(vec![
            named_page(&["a"], Some("t1")),
            Reply::json(500, &json!({"code": "InternalError", "message": "boom"})),
            named_page(&["never"], None),
        ])
        .await;
        let client = common::client_for(server.url());
        let results: Vec<_> = client.teams_list().stream().collect().await;
        assert_eq!(results.len(), 2);
        assert!(results[0].is_ok());
        let err = results[1].as_ref().unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
        assert_eq!(err.operation().map(|o| o.id), Some("teamsList"));
        assert_eq!(server.hits(), 2, "no page after the error");
    }

    #[tokio::test]
    async fn a_smaller_page_size_is_asked_for_and_never_more_than_fifty() {
        let server = Scripted::start(vec![named_page(&[], None)]).await;
        let client = common::client_for(server.url());
        let _: Vec<_> = client
            .roles_list()
            .stream_with_page_size(10)
            .try_collect()
            .await
            .unwrap();
        let _: Vec<_> = client
            .roles_list()
            .stream_with_page_size(500)
            .try_collect()
            .await
            .unwrap();
        let limits: Vec<_> = server
            .requests()
            .iter()
            .map(|r| query_of(&r.target))
            .collect();
        assert_eq!(limits[0], [("limit".to_string(), "10".to_string())]);
        assert_eq!(limits[1], [("limit".to_string(), "50".to_string())]);
    }
}

// --- A list that sends a `continue` token again would be fetched for ever.

#[tokio::test]
async fn a_continue_token_palette_already_sent_ends_the_stream_with_an_error() {
    // Page 3 sends page 1's token again; following it would fetch pages 2 and 3 for ever.
    let server = Scripted::start(vec![
        page(&["a", "b"], Some("t1")),
        page(&["c", "d"], Some("t2")),
        page(&["e"], Some("t1")),
        page(&["never"], None),
    ])
    .await;
    let http = common::plain_http();
    let results: Vec<Result<Item, Failed>> = paginate(2, |r| fetch(&http, server.url(), r))
        .take(100) // a bound for the test only: the stream must end by itself
        .collect()
        .await;
    let names: Vec<&str> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["a", "b", "c", "d", "e"],
        "every item received, once"
    );
    let last = &results.last().unwrap().as_ref().unwrap_err().0;
    assert_eq!(
        last,
        "a paged list: page 3 sent a `continue` token an earlier page had sent; the list was not \
         followed further, so as not to fetch the same pages for ever"
    );
    assert_eq!(results.len(), 6, "the items, then the error, then the end");
    assert_eq!(server.hits(), 3, "the repeated token is not followed");
}

#[tokio::test]
async fn a_continue_token_sent_twice_in_a_row_ends_a_generated_stream_naming_the_operation() {
    use palette_sdk::ext::ClusterFilter;

    fn clusters(names: &[&str], next: &str) -> Reply {
        let items: Vec<_> = names
            .iter()
            .map(|n| json!({"metadata": {"name": n, "uid": format!("uid-{n}")}}))
            .collect();
        Reply::json(
            200,
            &json!({"items": items, "listmeta": {"continue": next}}),
        )
    }
    // Palette answers every page with the same token.
    let server = Scripted::start(vec![clusters(&["a"], "t1"), clusters(&["b"], "t1")]).await;
    let client = common::client_for(server.url());
    let clusters = client.clusters();
    let results: Vec<_> = clusters
        .search(ClusterFilter::new())
        .take(100)
        .collect()
        .await;
    assert_eq!(results.len(), 3, "two pages' items, then the error");
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(
        err.operation().map(|o| o.id),
        Some("spectroClustersSearchFilterSummary")
    );
    assert!(err.to_string().contains("continue"), "{err}");
    assert!(!err.is_retryable());
    assert_eq!(server.hits(), 2);
}
