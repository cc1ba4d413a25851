//! Bitbucket's paged-API envelope and a pager that follows `nextPageStart`.
//!
//! Bitbucket Data Center pages every list endpoint with `start` and `limit` query parameters
//! and responds with [`Page`]. The next page starts at `nextPageStart`, which is not always
//! `start + size`: Bitbucket pages over the underlying list before it filters out what the
//! caller may not see, so a page can skip entries. [`Pager`] therefore uses `nextPageStart`
//! verbatim and stops on `isLastPage`.

use std::future::Future;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

/// One page of a Bitbucket paged API response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// The number of values in this page; Bitbucket sends no total count.
    pub size: u64,
    /// The limit the server applied, which may be lower than the limit requested.
    pub limit: u64,
    /// Whether this is the last page.
    pub is_last_page: bool,
    /// The start index this page was requested with.
    pub start: u64,
    /// The `start` of the next page; Bitbucket sends it only when `isLastPage` is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_start: Option<u64>,
    /// The values of this page.
    #[serde(default = "Vec::new")]
    pub values: Vec<T>,
}

/// A failure to read the next page.
#[derive(Debug, thiserror::Error)]
pub enum PagingError<E> {
    /// The caller's fetch of one page failed.
    #[error("fetching the page at start={start} failed: {source}")]
    Fetch {
        /// The `start` of the page that failed.
        start: u64,
        /// The fetch error.
        source: E,
    },
    /// The server sent `isLastPage: false` but no `nextPageStart`.
    #[error("the page at start={start} has isLastPage=false but no nextPageStart")]
    MissingNextPageStart {
        /// The `start` of the page with the missing field.
        start: u64,
    },
    /// The server sent a `nextPageStart` that is not after the page's own start, which would
    /// read the same pages forever.
    #[error(
        "the page at start={start} has nextPageStart={next_page_start}, which does not advance"
    )]
    NextPageStartNotAdvancing {
        /// The `start` the page was requested with.
        start: u64,
        /// The `nextPageStart` the server sent.
        next_page_start: u64,
    },
}

/// Reads a paged Bitbucket resource page by page.
///
/// `fetch` receives the `start` to request and returns that page. The pager never computes
/// `start` itself: the first request uses 0 and every later one the previous page's
/// `nextPageStart`.
pub struct Pager<T, F> {
    fetch: F,
    next_start: Option<u64>,
    values: PhantomData<fn() -> T>,
}

impl<T, E, F, Fut> Pager<T, F>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    /// Creates a pager that starts at `start=0`.
    pub fn new(fetch: F) -> Self {
        Pager {
            fetch,
            next_start: Some(0),
            values: PhantomData,
        }
    }

    /// Fetches the next page, or returns `None` after the last page.
    ///
    /// After an error the pager is finished: later calls return `None`.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>, PagingError<E>> {
        let Some(start) = self.next_start.take() else {
            return Ok(None);
        };
        let page = (self.fetch)(start)
            .await
            .map_err(|source| PagingError::Fetch { start, source })?;
        self.next_start = next_start_after(start, &page)?;
        Ok(Some(page))
    }

    /// Fetches every remaining page and returns their values in order.
    pub async fn collect_all(mut self) -> Result<Vec<T>, PagingError<E>> {
        let mut values = Vec::new();
        while let Some(page) = self.next_page().await? {
            values.extend(page.values);
        }
        Ok(values)
    }
}

/// Returns the `start` of the page after `page`, which was requested with `start`.
fn next_start_after<T, E>(start: u64, page: &Page<T>) -> Result<Option<u64>, PagingError<E>> {
    if page.is_last_page {
        return Ok(None);
    }
    let Some(next_page_start) = page.next_page_start else {
        return Err(PagingError::MissingNextPageStart { start });
    };
    if next_page_start <= start {
        return Err(PagingError::NextPageStartNotAdvancing {
            start,
            next_page_start,
        });
    }
    Ok(Some(next_page_start))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::convert::Infallible;

    use super::*;

    fn page(start: u64, values: &[u32], next_page_start: Option<u64>) -> Page<u32> {
        Page {
            size: values.len() as u64,
            limit: 2,
            is_last_page: next_page_start.is_none(),
            start,
            next_page_start,
            values: values.to_vec(),
        }
    }

    /// Serves pages from a table keyed by `start` and records every `start` requested.
    fn serve(
        table: BTreeMap<u64, Page<u32>>,
        requested: &mut Vec<u64>,
    ) -> impl FnMut(u64) -> std::future::Ready<Result<Page<u32>, String>> + '_ {
        move |start| {
            requested.push(start);
            let answer = table
                .get(&start)
                .cloned()
                .ok_or_else(|| format!("no page at start={start}"));
            std::future::ready(answer)
        }
    }

    #[test]
    fn page_parses_bitbucket_envelope() {
        let json =
            r#"{"size":1,"limit":2,"isLastPage":false,"values":[7],"start":0,"nextPageStart":2}"#;
        let parsed: Page<u32> = serde_json::from_str(json).expect("valid envelope");
        assert_eq!(parsed, page(0, &[7], Some(2)));
    }

    #[test]
    fn page_parses_last_page_without_next() {
        let json = r#"{"size":0,"limit":25,"isLastPage":true,"values":[],"start":0}"#;
        let parsed: Page<u32> = serde_json::from_str(json).expect("valid envelope");
        assert!(parsed.is_last_page);
        assert_eq!(parsed.next_page_start, None);
    }

    #[tokio::test]
    async fn pager_follows_skipping_next_page_start() {
        let table = BTreeMap::from([
            (0, page(0, &[1, 2], Some(5))),
            (5, page(5, &[6, 7], Some(9))),
            (9, page(9, &[10], None)),
        ]);
        let mut requested = Vec::new();
        let values = Pager::new(serve(table, &mut requested))
            .collect_all()
            .await
            .expect("all pages");
        assert_eq!(values, vec![1, 2, 6, 7, 10]);
        assert_eq!(requested, vec![0, 5, 9]);
    }

    #[tokio::test]
    async fn pager_stops_on_last_page() {
        let mut last = page(0, &[1], None);
        // A stray nextPageStart on the last page must not cause another request.
        last.next_page_start = Some(1);
        let table = BTreeMap::from([(0, last)]);
        let mut requested = Vec::new();
        let mut pager = Pager::new(serve(table, &mut requested));
        assert!(pager.next_page().await.expect("first page").is_some());
        assert!(pager.next_page().await.expect("end").is_none());
        drop(pager);
        assert_eq!(requested, vec![0]);
    }

    #[tokio::test]
    async fn pager_rejects_missing_next_start() {
        let mut broken = page(0, &[1], None);
        broken.is_last_page = false;
        let table = BTreeMap::from([(0, broken)]);
        let mut requested = Vec::new();
        let result = Pager::new(serve(table, &mut requested)).collect_all().await;
        assert!(matches!(
            result,
            Err(PagingError::MissingNextPageStart { start: 0 })
        ));
    }

    #[tokio::test]
    async fn pager_rejects_non_advancing_next_start() {
        let table = BTreeMap::from([(0, page(0, &[1], Some(3))), (3, page(3, &[4], Some(3)))]);
        let mut requested = Vec::new();
        let result = Pager::new(serve(table, &mut requested)).collect_all().await;
        assert!(matches!(
            result,
            Err(PagingError::NextPageStartNotAdvancing {
                start: 3,
                next_page_start: 3
            })
        ));
        assert_eq!(requested, vec![0, 3]);
    }

    #[tokio::test]
    async fn pager_reports_fetch_error_start() {
        let table = BTreeMap::from([(0, page(0, &[1], Some(4)))]);
        let mut requested = Vec::new();
        let result = Pager::new(serve(table, &mut requested)).collect_all().await;
        match result {
            Err(PagingError::Fetch { start, source }) => {
                assert_eq!(start, 4);
                assert_eq!(source, "no page at start=4");
            }
            other => panic!("expected a fetch error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn pager_ends_after_error() {
        let table = BTreeMap::from([(0, page(0, &[1], Some(0)))]);
        let mut requested = Vec::new();
        let mut pager = Pager::new(serve(table, &mut requested));
        assert!(pager.next_page().await.is_err());
        assert!(pager.next_page().await.expect("finished").is_none());
    }

    #[tokio::test]
    async fn pager_accepts_infallible_fetch() {
        let fetch = |start: u64| async move { Ok::<_, Infallible>(page(start, &[], None)) };
        let values = Pager::new(fetch).collect_all().await.expect("one page");
        assert!(values.is_empty());
    }
}
