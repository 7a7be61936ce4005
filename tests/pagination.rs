//! Palette's `listmeta.continue` pages, streamed: three pages, limits, and an error mid-stream.

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

/// Fetches one page from the scripted server, passing `continue` and `limit` as Palette takes them.
async fn fetch(
    http: &reqwest::Client,
    base: &str,
    request: PageRequest,
) -> Result<Page<Item>, String> {
    let mut url = format!("{base}/v1/list?limit={}", request.limit);
    if let Some(token) = &request.continue_token {
        url.push_str(&format!("&continue={token}"));
    }
    let reply = http.get(url).send().await.map_err(|e| e.to_string())?;
    if !reply.status().is_success() {
        return Err(format!("status {}", reply.status().as_u16()));
    }
    let listed: Listed = reply.json().await.map_err(|e| e.to_string())?;
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
    let results: Vec<Result<Item, String>> = paginate(2, |r| fetch(&http, server.url(), r))
        .collect()
        .await;
    assert_eq!(results.len(), 3, "two items, then the error, then the end");
    assert!(results[0].is_ok() && results[1].is_ok());
    assert_eq!(results[2].as_ref().unwrap_err(), "status 500");
    assert_eq!(server.hits(), 2, "no page is fetched after the error");
}
