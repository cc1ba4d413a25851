//! `instance.clock`: the skew between the instance's `Date` header and the local clock.
//!
//! OAuth 2.0 codes and tokens carry expiry times, and TLS validity depends on the clock,
//! so a skew over 2 minutes warns. The header has a resolution of one second, and the
//! request's own latency adds to the measured skew.

use std::time::{Duration, SystemTime};

use super::Finding;

/// A skew above this warns.
pub const MAX_SKEW: Duration = Duration::from_secs(120);

/// Compares the `Date` header with the local clock.
pub async fn check(date: Option<String>) -> Finding<()> {
    let Some(date) = date else {
        return Finding::skip("the instance sent no Date header");
    };
    let Ok(server_time) = httpdate::parse_http_date(&date) else {
        return Finding::warn(
            format!("Date: {date}"),
            "the Date header is not a valid HTTP date",
            "check the reverse proxy in front of Bitbucket; it should pass the Date header on",
            (),
        );
    };
    judge(&date, server_time, SystemTime::now())
}

fn judge(date: &str, server_time: SystemTime, local_time: SystemTime) -> Finding<()> {
    let (skew, direction) = match server_time.duration_since(local_time) {
        Ok(ahead) => (ahead, "ahead of"),
        Err(behind) => (behind.duration(), "behind"),
    };
    let seconds = skew.as_secs();
    let detail =
        format!("Date: {date}; the instance is {seconds} s {direction} this machine's clock");
    if skew > MAX_SKEW {
        return Finding::warn(
            detail,
            format!(
                "clock skew of {seconds} s: more than {} s between the instance and this machine",
                MAX_SKEW.as_secs()
            ),
            "synchronise both clocks with NTP; OAuth codes, tokens and certificates are checked \
             against them",
            (),
        );
    }
    Finding::ok(detail, ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::CheckStatus;

    #[test]
    fn skew_over_two_minutes_warns() {
        let now = SystemTime::now();
        let finding = judge("x", now + Duration::from_secs(300), now);
        assert_eq!(finding.status, CheckStatus::Warn);
        let finding = judge("x", now - Duration::from_secs(60), now);
        assert_eq!(finding.status, CheckStatus::Ok);
    }
}
