//! Streams over Palette's `listmeta.continue` pages: `.stream()` on every list that pages, and `paginate` for any other.

use std::collections::HashSet;
use std::future::Future;

use futures_util::Stream;
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::document::operation::Operation;
use crate::{Call, Error};

/// Implemented by the request builder of every list operation that takes Palette's
/// `continue` token (generated from the document), so that one call streams every item.
///
/// ```no_run
/// # #[cfg(feature = "users")]
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use futures_util::TryStreamExt;
/// use palette_sdk::prelude::*;
///
/// let users: Vec<_> = client.users_list().stream().try_collect().await?;
/// # Ok(()) }
/// ```
pub trait Paged: Call + Clone {
    /// One item of the list.
    type Item;

    /// The request for the page after `continue_token` (the first page for `None`), asking
    /// for `limit` items.
    #[doc(hidden)]
    fn page(self, continue_token: Option<String>, limit: u32) -> Self;

    /// A reply's items and its `continue` token.
    #[doc(hidden)]
    fn split(reply: Self::Output) -> (Vec<Self::Item>, Option<String>);

    /// Streams every item of the list, [`MAX_PAGE_SIZE`] a page, following `continue` until
    /// Palette sends none (or an empty one). A failed page ends the stream with its error,
    /// after the items before it; so does a page whose `continue` token an earlier page had
    /// sent, with [`Error::RepeatedContinueToken`] naming the operation (after that page's
    /// items), instead of fetching the same pages for ever. The stream is boxed, so
    /// `try_next()` works on it as is.
    fn stream<'s>(self) -> BoxStream<'s, Result<Self::Item, Error>>
    where
        Self: 's,
        Self::Item: Send + 's,
    {
        self.stream_with_page_size(MAX_PAGE_SIZE)
    }

    /// Like [`stream`](Paged::stream), asking for `size` items a page (at most
    /// [`MAX_PAGE_SIZE`]).
    fn stream_with_page_size<'s>(self, size: u32) -> BoxStream<'s, Result<Self::Item, Error>>
    where
        Self: 's,
        Self::Item: Send + 's,
    {
        pages(size, Some(Self::OPERATION), move |request| {
            let page = self.clone().page(request.continue_token, request.limit);
            async move {
                let (items, continue_token) = Self::split(page.send().await?);
                Ok(Page {
                    items,
                    continue_token,
                })
            }
        })
        .boxed()
    }
}

/// Palette serves at most this many items a page.
pub const MAX_PAGE_SIZE: u32 = 50;

/// What a page request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// The `continue` token from the previous page; `None` for the first page.
    pub continue_token: Option<String>,
    /// How many items to ask for (never more than [`MAX_PAGE_SIZE`]).
    pub limit: u32,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// `listmeta.continue`: where the next page starts. `None` or empty ends the list.
    pub continue_token: Option<String>,
}

/// Streams every item of a paged list. `fetch` gets one page; the stream asks for the next
/// while Palette returns a non-empty `continue` token, and ends with the error if a page
/// fails (no page is fetched after an error). `E` is usually [`crate::Error`]; any error
/// type that converts from it works.
///
/// A page whose `continue` token an earlier page had already sent (Palette going round in a
/// circle) is not followed: the stream yields that page's items, then ends with
/// [`Error::RepeatedContinueToken`] (converted to `E`), instead of fetching the same pages for
/// ever.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use palette_sdk::pagination::{paginate, Page};
///
/// # async fn example() -> Result<(), palette_sdk::Error> {
/// // A list operation with listmeta (none in the document yet; later areas have them):
/// let names: Vec<String> = paginate(50, |page| async move {
///     let _ = (page.continue_token, page.limit); // pass these as `continue` and `limit`
///     Ok::<_, palette_sdk::Error>(Page { items: vec!["a".to_string()], continue_token: None })
/// })
/// .try_collect()
/// .await?;
/// # Ok(()) }
/// ```
pub fn paginate<T, E, F, Fut>(limit: u32, fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
    E: From<Error>,
{
    pages(limit, None, fetch)
}

/// Where a stream over pages stands.
struct Pages<F> {
    fetch: F,
    /// The token of the next page to fetch (`Some(None)` for the first); `None` once the
    /// list has ended.
    next: Option<Option<String>>,
    /// Every token a page has sent.
    seen: HashSet<String>,
    /// Pages fetched so far.
    fetched: u32,
}

/// [`paginate`], naming `operation` (when known) in the error for a repeated token.
fn pages<T, E, F, Fut>(
    limit: u32,
    operation: Option<&'static Operation>,
    fetch: F,
) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
    E: From<Error>,
{
    let limit = limit.clamp(1, MAX_PAGE_SIZE);
    let start = Pages {
        fetch,
        next: Some(None),
        seen: HashSet::new(),
        fetched: 0,
    };
    stream::try_unfold(start, move |mut state| async move {
        let Some(continue_token) = state.next.take() else {
            return Ok::<_, E>(None);
        };
        let page = (state.fetch)(PageRequest {
            continue_token,
            limit,
        })
        .await?;
        state.fetched = state.fetched.saturating_add(1);
        let mut items: Vec<Result<T, E>> = page.items.into_iter().map(Ok).collect();
        match page.continue_token.filter(|t| !t.is_empty()) {
            None => {}
            Some(token) if state.seen.contains(&token) => {
                items.push(Err(E::from(Error::RepeatedContinueToken {
                    operation,
                    page: state.fetched,
                })));
            }
            Some(token) => {
                state.seen.insert(token.clone());
                state.next = Some(Some(token));
            }
        }
        Ok(Some((stream::iter(items), state)))
    })
    .try_flatten()
}
