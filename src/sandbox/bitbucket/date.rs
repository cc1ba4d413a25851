//! The `Date` header of every emulator response, optionally off by a fixed offset so
//! clients can measure clock skew against it.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Duration, OffsetDateTime};

/// The IMF-fixdate form of RFC 9110, section 5.6.7, such as `Sun, 06 Nov 1994 08:49:37 GMT`.
const IMF_FIXDATE: &[BorrowedFormatItem<'static>] = format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// Middleware that sets `Date` to the current UTC time plus `offset_seconds`. hyper adds a
/// `Date` only when a response has none, so this value is the one sent.
pub(crate) async fn set_date_header(
    State(offset_seconds): State<i64>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if let Some(value) = shifted_date(offset_seconds) {
        response.headers_mut().insert(header::DATE, value);
    }
    response
}

/// Returns the shifted time as a header value, or `None` when the offset leaves the range
/// `time` can represent or format.
fn shifted_date(offset_seconds: i64) -> Option<HeaderValue> {
    let now = OffsetDateTime::now_utc();
    let shifted = now.checked_add(Duration::seconds(offset_seconds))?;
    let text = shifted.format(IMF_FIXDATE).ok()?;
    HeaderValue::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_uses_imf_fixdate() {
        let date = time::macros::datetime!(1994-11-06 08:49:37 UTC);
        let text = date.format(IMF_FIXDATE).expect("formats");
        assert_eq!(text, "Sun, 06 Nov 1994 08:49:37 GMT");
    }

    #[test]
    fn date_offset_out_of_range() {
        assert!(shifted_date(i64::MAX).is_none());
        assert!(shifted_date(-300).is_some());
    }
}
