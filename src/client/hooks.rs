//! The progenitor `ClientHooks` impl: checks before sending, then scope and credential headers, rate limit, retries and the operation timeout, with tracing.

use std::time::{Instant, SystemTime};

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use tracing::{Instrument, field};

use crate::client::table;
use crate::document::operation::Operation;
use crate::error::Carried;
use crate::error::retryable::{is_retryable_status, is_retryable_transport, retry_after};
use crate::send::deadline::Deadline;
use crate::send::ratelimit::TooLate;
use crate::state::ClientState;
use crate::state::scope::Scope;
use crate::{Client, Error};

/// The operation the generated code is sending, from the operation table. An operation the
/// table does not know is refused, never sent without its scope.
fn operation_of(info: &OperationInfo) -> Result<&'static Operation, String> {
    table::by_fn_name(info.operation_id).ok_or_else(|| {
        format!(
            "`{}` is not in the operation table, so its scope is unknown",
            info.operation_id
        )
    })
}

impl ClientHooks<ClientState> for Client {
    /// Refuses, before anything is sent, an operation the table does not know and a
    /// `ProjectUid` the call set that [`ProjectUid::new`](crate::ProjectUid::new) would refuse.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        operation_of(info).map_err(progenitor_client::Error::Custom)?;
        Scope::check_per_call(request.headers()).map_err(progenitor_client::Error::Custom)?;
        Ok(())
    }

    /// Adds the handle's `ProjectUid` (unless the call set one) and its credentials, then
    /// sends the request under the handle's rate limit and retry policy, renews a session's
    /// token on 401 and sends the request once more (calls that drew a 401 with the same
    /// token share one renewal; a token that drew a 401 right after a renewal is not renewed
    /// on a 401 again for a pause), and makes error replies safe to read (bounded, secrets
    /// masked).
    /// Transport failures, reply bodies cut short included, are retried like 503s. All of it
    /// ends within the call's operation timeout.
    ///
    /// What progenitor's signature cannot return (the SDK's own errors) is carried to the
    /// error conversion in a placeholder reply.
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let op = match operation_of(info) {
            Ok(op) => op,
            Err(reason) => return Ok(crate::client::reply::carrying(Carried::not_sent(reason))),
        };
        let deadline = Deadline::for_call(self.inner.operation_timeout);
        let outcome = self.send_with_retries(request, op, deadline).await;
        Ok(outcome.unwrap_or_else(|e| crate::client::reply::carrying(Carried::error(e))))
    }
}

impl Client {
    /// The attempts of one call, within its `deadline`. No timer of its own bounds the call
    /// (a timer per call measurably slows every call): each attempt's own timeout is cut to
    /// the time left, no retry wait or rate-limit wait ends past the deadline, and only a
    /// session renewal, which is rare, is bounded by a timer.
    async fn send_with_retries(
        &self,
        request: reqwest::Request,
        op: &'static Operation,
        deadline: Option<Deadline>,
    ) -> Result<reqwest::Response, Error> {
        let state = &self.inner;
        let mut request = request;
        if op.scoped {
            state.scope.apply(request.headers_mut());
        }
        state
            .credentials
            .apply(request.headers_mut(), op, deadline)
            .await?;
        let policy = &state.settings.retry;
        let may_retry = policy.attempts() > 1
            && (op.idempotent || state.retry_writes || policy.retries_writes());
        let session = state.credentials.session();
        // Made on the first retry, as most calls succeed at once; boxed, so that it takes no
        // room in every call's future.
        let mut schedule = None;
        // Whether the call was sent again after a 401, and the token renewed for it, if any.
        let mut renewed = false;
        let mut renewed_for_401 = None;
        let mut attempt: u32 = 1;
        loop {
            let mut spare = if may_retry || (session.is_some() && !renewed) {
                copy_to_resend(&request)
            } else {
                None
            };
            // A rate-limit wait that would end past the deadline ends the call now.
            if let Some(limiter) = &state.settings.limiter
                && let Err(TooLate) = limiter
                    .wait(op.resource_prefix(), deadline.map(|d| d.at()))
                    .await
                && let Some(d) = deadline
            {
                return Err(d.passed(op));
            }
            // The attempt may take the time left, when that is shorter than its own timeout.
            let cut_short = match deadline {
                Some(d) => {
                    let left = d.left();
                    if left.is_zero() {
                        return Err(d.passed(op));
                    }
                    let shorter = state.settings.request_timeout.is_none_or(|t| left < t);
                    if shorter {
                        *request.timeout_mut() = Some(left);
                    }
                    shorter.then_some(d)
                }
                None => None,
            };
            // The token this attempt carries, to know after a 401 whether it was renewed since.
            let sent_token = match session {
                Some(_) => request.headers().get(AUTHORIZATION).cloned(),
                None => None,
            };
            let outcome = send_attempt(self, op, attempt, request).await;
            if let (Some(d), Err(e)) = (cut_short, &outcome)
                && e.is_timeout()
            {
                return Err(d.passed(op));
            }

            let rejected = matches!(&outcome, Ok(r) if r.status() == StatusCode::UNAUTHORIZED);
            if rejected
                && let Some(session) = session
                && let Some(sent) = &sent_token
            {
                if renewed {
                    // Refused again with a token renewed for the first 401: not a matter of
                    // the token's age.
                    if renewed_for_401.as_ref() == Some(sent) {
                        session.renewal_did_not_help(sent);
                    }
                } else if let Some(mut again) = spare.take() {
                    renewed = true;
                    // A refused or failed renewal ends the call with the session's error;
                    // `None`: renewing would not help, and the 401 is the call's answer.
                    let renewal = session.renew_after_401(sent, op);
                    if let Some(resend) = Deadline::bound(deadline, op, renewal).await? {
                        tracing::debug!(
                            operation = op.id,
                            "401 under a session: token renewed, sending again"
                        );
                        if resend.renewed {
                            renewed_for_401 = Some(resend.header.clone());
                        }
                        again.headers_mut().insert(AUTHORIZATION, resend.header);
                        request = again;
                        attempt += 1;
                        continue;
                    }
                }
            }

            let retryable = match &outcome {
                Ok(reply) => is_retryable_status(reply.status()),
                Err(e) => is_retryable_transport(e),
            };
            if retryable
                && may_retry
                && let Some(again) = spare
                && let Some(delay) = schedule
                    .get_or_insert_with(|| Box::new(policy.schedule()))
                    .next_delay(wait_hint(&outcome), deadline.map(|d| d.left()))
            {
                let status = outcome.as_ref().ok().map(|r| r.status().as_u16());
                tracing::warn!(
                    operation = op.id,
                    attempt,
                    status,
                    delay_ms = delay.as_millis() as u64,
                    "retrying"
                );
                drop(outcome);
                tokio::time::sleep(delay).await;
                request = again;
                attempt += 1;
                continue;
            }
            return outcome.map_err(|e| Error::transport(op, e));
        }
    }
}

/// The server's `Retry-After` on a reply, if any.
fn wait_hint(outcome: &reqwest::Result<reqwest::Response>) -> Option<std::time::Duration> {
    let reply = outcome.as_ref().ok()?;
    retry_after(reply.headers(), SystemTime::now())
}

/// A copy of `request` to send again, or `None` when its body is a stream.
///
/// `Request::try_clone` also creates and then replaces an extensions map on every copy, which
/// shows in the cost of each call; a request without a body is copied field by field instead.
/// The generated code sets no request extensions; the one `reqwest` exposes (the timeout) is copied.
fn copy_to_resend(request: &reqwest::Request) -> Option<reqwest::Request> {
    if request.body().is_some() {
        return request.try_clone();
    }
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    if let Some(timeout) = request.timeout() {
        *copy.timeout_mut() = Some(*timeout);
    }
    Some(copy)
}

/// Sends one attempt inside its own tracing span and reads its reply whole, so that a reply
/// cut off mid-body fails the attempt (and can be retried) like a connection failure. The span
/// names the operation and the path template, never the URL, which can carry a token.
async fn send_attempt(
    client: &Client,
    op: &'static Operation,
    attempt: u32,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let span = tracing::debug_span!(
        "palette.request",
        operation = op.id,
        method = op.method,
        path = op.path,
        attempt,
        status = field::Empty,
        duration_ms = field::Empty,
    );
    if span.is_disabled() {
        // Nobody listens: no clock reads or records.
        return send_and_read(client, request, op).await;
    }
    let started = Instant::now();
    let outcome = send_and_read(client, request, op)
        .instrument(span.clone())
        .await;
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    match &outcome {
        Ok(reply) => {
            span.record("status", reply.status().as_u16());
        }
        Err(e) => {
            let _entered = span.enter();
            tracing::debug!(
                timeout = e.is_timeout(),
                connect = e.is_connect(),
                body = e.is_body(),
                "no complete reply"
            );
        }
    }
    outcome
}

/// Sends the request and reads its reply whole.
async fn send_and_read(
    client: &Client,
    request: reqwest::Request,
    op: &'static Operation,
) -> reqwest::Result<reqwest::Response> {
    let reply = client.client.execute(request).await?;
    crate::client::reply::read_whole(reply, &client.inner, op).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::builder()
            .base_url("http://127.0.0.1:9")
            .api_key("key-0123456789")
            .project("p-1")
            .proxy_from_env(false)
            .build()
            .unwrap()
    }

    #[test]
    fn an_operation_missing_from_the_table_is_an_error() {
        let info = OperationInfo {
            operation_id: "not_in_the_table",
        };
        let reason = operation_of(&info).unwrap_err();
        assert!(reason.contains("not_in_the_table"), "{reason}");
    }

    #[tokio::test]
    async fn an_operation_missing_from_the_table_is_refused_not_sent_at_tenant_scope() {
        let client = client();
        let info = OperationInfo {
            operation_id: "not_in_the_table",
        };
        let url = reqwest::Url::parse("http://127.0.0.1:9/v1/anything").unwrap();
        let mut request = reqwest::Request::new(reqwest::Method::GET, url.clone());
        let refused = client.pre::<()>(&mut request, &info).await;
        assert!(
            matches!(refused, Err(progenitor_client::Error::Custom(_))),
            "{refused:?}"
        );
        // Even if the generated code went on, nothing would be sent.
        let reply = client
            .exec(reqwest::Request::new(reqwest::Method::GET, url), &info)
            .await
            .unwrap();
        let err = Error::from_generated(
            table::find("workspacesUidGet").unwrap(),
            progenitor_client::Error::UnexpectedResponse(reply),
        );
        assert!(matches!(err, Error::Request(_)), "{err:?}");
        assert!(
            err.to_string().contains("not in the operation table"),
            "{err}"
        );
    }
}
