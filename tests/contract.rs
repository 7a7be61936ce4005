//! Every operation's contract, generated from the document: the request on the wire and the replies it reads.
//!
//! The cases come from `openapi/codegen/contract.rs` at build time, one per operation of the
//! enabled categories, made from the document's schemas apart from the generated Rust types.
//! Each is sent from a project handle, a tenant handle and a handle with a session token to a
//! local server that records the raw request: method, path with a value of its own for each
//! parameter (awkward ones, percent-encoded as RFC 3986 says), `ProjectUid` exactly where the
//! document declares it, query (a value of its own for each parameter), body (a value of its
//! own for each field; both branches of a `oneOf`), content type, credentials. The server
//! answers the way Palette's Go server writes replies (unknown fields and enum values, `null`
//! lists and maps, `""` for unset enums, zero times, missing optional fields, `null` required
//! ones), and every one must decode. The meta-test reads the document itself and fails for an
//! operation without a case.

mod common;

use std::future::Future;
use std::pin::Pin;

use common::API_KEY;
use common::scripted::{Recorded, Reply, Scripted};
use palette_sdk::prelude::*;
use palette_sdk::{Client, Error, operation};
use serde_json::Value;

/// How a case's request body travels.
enum Media {
    None,
    Json,
    Form,
}

/// Replies made from the success schema: with every field plus ones this SDK does not know,
/// with Go's zero values, and with only the required fields.
struct Replies {
    rich: &'static str,
    /// The same with the other branch of every `oneOf`, where the schema has one.
    other_branch: Option<&'static str>,
    go: &'static str,
    minimal: &'static str,
    /// JSON pointers into `rich` of every field that is not required.
    optional: &'static [&'static str],
    /// JSON pointers into `rich` of every field the document requires.
    required: &'static [&'static str],
}

type Sent = Pin<Box<dyn Future<Output = Result<u16, Error>> + Send>>;

/// No body, for the cases that send none.
const NO_BODY: &str = "";

/// One operation's contract.
struct Case {
    id: &'static str,
    method: &'static str,
    /// The path with the parameters set to `PATH_VALUES` in order, percent-encoded.
    path: &'static str,
    /// The builder's names of the path parameters.
    path_params: &'static [&'static str],
    /// The query pairs, decoded, in any order.
    query: &'static [(&'static str, &'static str)],
    /// Whether the document declares `ProjectUid`.
    scoped: bool,
    media: Media,
    /// The JSON bodies to send (made from the schema; two when it has a `oneOf`), each
    /// expected on the wire as it is.
    bodies: &'static [&'static str],
    status: u16,
    replies: Option<Replies>,
    /// Sends the request with the path parameters set to the given values, in order, and
    /// the given body.
    send: fn(Client, &'static [&'static str], &'static str) -> Sent,
}

/// A type with a secret field: the JSON it encodes to, and its `Debug` renderings, which show
/// the secret only when it is not `masked` (a variable that is not sensitive).
struct SecretCheck {
    name: &'static str,
    masked: bool,
    debug: fn() -> (String, Vec<String>),
}

/// A request builder with its secret parameters set to `MARKER`, rendered by `Debug`.
struct SecretBuilderCheck {
    id: &'static str,
    debug: fn(&Client) -> String,
}

include!(concat!(env!("OUT_DIR"), "/contract.rs"));

palette_sdk::reply_check!(check_reply);

const PROJECT: &str = "project-7";
const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.contract.sig";

fn handles(url: &str) -> [(&'static str, Client); 3] {
    let with_key = common::builder_for(url).build().unwrap();
    let with_token = Client::builder()
        .base_url(url)
        .token(TOKEN)
        .proxy_from_env(false)
        .build()
        .unwrap();
    [
        ("project", with_key.with_project(PROJECT).unwrap()),
        ("tenant", with_key.tenant()),
        ("session", with_token),
    ]
}

fn reply_for(case: &Case) -> Reply {
    match &case.replies {
        Some(replies) => Reply::text(case.status, "application/json", replies.rich),
        None => Reply::empty(case.status),
    }
}

/// Checks one case; returns what is wrong with it.
async fn check(case: &Case) -> Vec<String> {
    let mut wrong = Vec::new();
    let bodies: &[&'static str] = if case.bodies.is_empty() {
        &[NO_BODY]
    } else {
        case.bodies
    };
    for body in bodies {
        let server = Scripted::start(vec![reply_for(case)]).await;
        let kinds = handles(server.url());
        for (kind, handle) in kinds.iter().cloned() {
            match (case.send)(handle, PATH_VALUES, body).await {
                Ok(status) if status == case.status => {}
                Ok(status) => wrong.push(format!("from the {kind} handle: status {status}")),
                Err(e) => wrong.push(format!("from the {kind} handle: {e}")),
            }
        }
        let sent = server.requests();
        if sent.len() != kinds.len() {
            wrong.push(format!("{} requests reached the server, not 3", sent.len()));
        }
        for (request, (kind, _)) in sent.iter().zip(kinds.iter()) {
            for problem in request_problems(case, request, kind, body) {
                wrong.push(format!("from the {kind} handle: {problem}"));
            }
        }
    }
    wrong
}

/// The pairs a form body holds for a JSON object: strings as they are, anything else as JSON.
fn form_pairs(json: &str) -> Vec<(String, String)> {
    let value: Value = serde_json::from_str(json).unwrap();
    value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let v = v.as_str().map(str::to_string).unwrap_or(v.to_string());
            (k.clone(), v)
        })
        .collect()
}

fn request_problems(case: &Case, request: &Recorded, kind: &str, body: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    if request.method != case.method {
        wrong.push(format!("method {}", request.method));
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target.as_str(), ""));
    if path != case.path {
        wrong.push(format!("path {path}, expected {}", case.path));
    }
    let mut got: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let mut want: Vec<(String, String)> = case
        .query
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    got.sort();
    want.sort();
    if got != want {
        wrong.push(format!("query {got:?}, expected {want:?}"));
    }
    let project = (kind == "project" && case.scoped).then_some(PROJECT);
    if request.header("ProjectUid") != project {
        wrong.push(format!(
            "ProjectUid {:?}, expected {project:?} (the document {} it)",
            request.header("ProjectUid"),
            if case.scoped {
                "declares"
            } else {
                "does not declare"
            }
        ));
    }
    let (key, token) = match kind {
        "session" => (None, Some(TOKEN)),
        _ => (Some(API_KEY), None),
    };
    if request.header("ApiKey") != key || request.header("Authorization") != token {
        wrong.push("credentials".into());
    }
    if request.header("api-version").is_some() {
        wrong.push("an api-version header Palette does not define".into());
    }
    if !request
        .header("User-Agent")
        .unwrap_or_default()
        .starts_with("palette-sdk/")
    {
        wrong.push("User-Agent".into());
    }
    match case.media {
        Media::None if !request.body.is_empty() => wrong.push("a body where none is sent".into()),
        Media::None => {}
        Media::Json => {
            let got: Result<Value, _> = serde_json::from_slice(&request.body);
            let expected: Value = serde_json::from_str(body).unwrap();
            match got {
                Ok(got) if got == expected => {}
                Ok(got) => wrong.push(format!("body differs at {}", differences(&got, &expected))),
                Err(e) => wrong.push(format!("body is not JSON: {e}")),
            }
            if request.header("Content-Type") != Some("application/json") {
                wrong.push("JSON content type".into());
            }
        }
        Media::Form => {
            let mut got: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
                .into_owned()
                .collect();
            let mut want = form_pairs(body);
            got.sort();
            want.sort();
            if got != want {
                wrong.push(format!("form {got:?}, expected {want:?}"));
            }
            if request.header("Content-Type") != Some("application/x-www-form-urlencoded") {
                wrong.push(format!(
                    "form content type {:?}",
                    request.header("Content-Type")
                ));
            }
        }
    }
    wrong
}

/// Where two JSON values differ, as JSON pointers with both sides (the first few).
fn differences(got: &Value, want: &Value) -> String {
    fn walk(got: &Value, want: &Value, at: String, out: &mut Vec<String>) {
        match (got, want) {
            (Value::Object(g), Value::Object(w)) => {
                for key in g.keys().chain(w.keys()) {
                    let (a, b) = (g.get(key), w.get(key));
                    if a != b {
                        let at = format!("{at}/{key}");
                        match (a, b) {
                            (Some(a), Some(b)) => walk(a, b, at, out),
                            _ => out.push(format!("{at}: sent {a:?}, expected {b:?}")),
                        }
                    }
                }
            }
            (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
                for (i, (a, b)) in g.iter().zip(w).enumerate() {
                    walk(a, b, format!("{at}/{i}"), out);
                }
            }
            _ if got != want => out.push(format!("{at}: sent {got}, expected {want}")),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(got, want, String::new(), &mut out);
    out.dedup();
    out.truncate(5);
    out.join("; ")
}

#[tokio::test]
async fn every_operation_sends_what_the_document_says_and_reads_its_reply() {
    let mut failures = Vec::new();
    for case in CASES {
        for problem in check(case).await {
            failures.push(format!("{}: {problem}", case.id));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(!CASES.is_empty());
    assert!(
        CASES.iter().any(|c| c.bodies.len() > 1),
        "some body has a oneOf (an IntOrString), sent both ways"
    );
}

#[test]
fn every_reply_decodes_with_go_nulls_zero_times_and_missing_fields() {
    let mut failures = Vec::new();
    let mut other_branches = 0;
    for case in CASES {
        let Some(replies) = &case.replies else {
            continue;
        };
        let op = operation::find(case.id).expect("every case is an operation of the client");
        other_branches += usize::from(replies.other_branch.is_some());
        let variants = [
            ("unknown fields and enum values", Some(replies.rich)),
            ("the other branch of each oneOf", replies.other_branch),
            ("Go's zero values", Some(replies.go)),
            ("only required fields", Some(replies.minimal)),
        ];
        for (variant, body) in variants {
            let Some(body) = body else {
                continue;
            };
            if let Err(e) = check_reply(op, body.as_bytes()) {
                failures.push(format!("{} with {variant}: {e}\n  {body}", case.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(other_branches > 0, "some reply has a oneOf, read both ways");
}

/// Decodes each case's rich reply with `null` at each pointer `pointers` picks, one at a
/// time; returns the failures and how many were checked.
fn nulled_one_by_one(pointers: fn(&Replies) -> &'static [&'static str]) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in CASES {
        let Some(replies) = &case.replies else {
            continue;
        };
        let op = operation::find(case.id).expect("every case is an operation of the client");
        let rich: Value = serde_json::from_str(replies.rich).unwrap();
        for pointer in pointers(replies) {
            let mut nulled = rich.clone();
            match nulled.pointer_mut(pointer) {
                Some(slot) => *slot = Value::Null,
                None => {
                    failures.push(format!("{}: the sample has nothing at {pointer}", case.id));
                    continue;
                }
            }
            let body = serde_json::to_vec(&nulled).unwrap();
            if let Err(e) = check_reply(op, &body) {
                failures.push(format!("{} with null at {pointer}: {e}", case.id));
            }
            checked += 1;
        }
    }
    (failures, checked)
}

#[test]
fn every_optional_field_of_every_reply_may_be_null() {
    let (failures, checked) = nulled_one_by_one(|r| r.optional);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 100, "only {checked} fields were nulled");
}

/// Palette's go-swagger models hold a required property as a pointer without `omitempty`,
/// so the server writes an unset one as `null` (a pool's `isControlPlane`, a pack's
/// `layer`): the reply still decodes.
#[test]
fn every_required_field_of_every_reply_may_be_null_as_go_writes_it() {
    let (failures, checked) = nulled_one_by_one(|r| r.required);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 50, "only {checked} required fields were nulled");
}

#[tokio::test]
async fn an_empty_or_dot_path_parameter_is_refused_before_sending() {
    let server = Scripted::start(vec![Reply::empty(500)]).await;
    let client = common::client_for(server.url());
    let mut failures = Vec::new();
    for case in CASES.iter().filter(|c| !c.path_params.is_empty()) {
        let body = case.bodies.first().copied().unwrap_or(NO_BODY);
        for bad in [&[""; 6], &["."; 6], &[".."; 6]] {
            match (case.send)(client.clone(), bad, body).await {
                Err(Error::Request(e))
                    if case.path_params.iter().any(|p| e.message.contains(p)) => {}
                other => failures.push(format!("{} with {bad:?}: {other:?}", case.id)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        server.requests().is_empty(),
        "nothing may be sent: {:?}",
        server.requests()
    );
}

#[test]
fn secrets_never_show_in_the_debug_output_of_generated_types() {
    assert!(
        !SECRET_TYPES.is_empty(),
        "the document has types with secrets"
    );
    for check in SECRET_TYPES {
        let (sent, shown) = (check.debug)();
        assert!(
            sent.contains(MARKER),
            "{}: the secret is in the value: {sent}",
            check.name
        );
        for text in shown {
            assert_eq!(
                !text.contains(MARKER),
                check.masked,
                "{}: {text}",
                check.name
            );
        }
    }
}

#[test]
fn secret_parameters_never_show_in_the_debug_output_of_request_builders() {
    let client = common::client_for("http://127.0.0.1:9");
    assert!(
        !SECRET_BUILDERS.is_empty(),
        "the document has secret parameters"
    );
    for check in SECRET_BUILDERS {
        let shown = (check.debug)(&client);
        assert!(!shown.contains(MARKER), "{}: {shown}", check.id);
        assert!(shown.contains("***"), "{}: {shown}", check.id);
    }
}

/// Whether an operation of the document is one progenitor cannot generate, written by hand
/// and tested by hand in `tests/hand_written.rs` instead of here: a `multipart/form-data`
/// upload, or two success replies (the rule `openapi/README.md` states and the codegen lints).
fn written_by_hand(op: &Value) -> bool {
    let upload = op["requestBody"]["content"]
        .as_object()
        .is_some_and(|c| c.contains_key("multipart/form-data"));
    let successes = op["responses"]
        .as_object()
        .map_or(0, |r| r.keys().filter(|code| code.starts_with('2')).count());
    upload || successes > 1
}

/// The operationIds of the document, read from its files, and whether each is written by
/// hand.
fn document_operations() -> Vec<(String, bool)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi");
    let mut files = vec![root.join("palette.yaml")];
    let mut categories: Vec<_> = std::fs::read_dir(root.join("categories"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    categories.sort();
    files.extend(categories);
    let mut ids = Vec::new();
    for file in files {
        let doc: Value = serde_norway::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for item in doc["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
        {
            for op in item.as_object().into_iter().flat_map(|i| i.values()) {
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    ids.push((id.to_string(), written_by_hand(op)));
                }
            }
        }
    }
    ids
}

#[test]
fn every_operation_of_the_document_has_a_contract_test() {
    let ids = document_operations();
    assert!(ids.len() >= CASES.len());
    let by_hand: Vec<&str> = ids
        .iter()
        .filter(|(_, by_hand)| *by_hand)
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(
        by_hand.len(),
        11,
        "the uploads and systemActivate: {by_hand:?}"
    );
    let covered: Vec<&str> = CASES.iter().map(|c| c.id).chain(by_hand).collect();
    let full = cfg!(feature = "full");
    for (id, _) in &ids {
        let built = operation::find(id).is_some();
        assert!(
            built || !full,
            "{id} is in the document but not in a build with every feature"
        );
        if built {
            assert!(covered.contains(&id.as_str()), "{id} has no contract test");
        }
    }
}
