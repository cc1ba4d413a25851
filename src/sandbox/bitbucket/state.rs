//! Shared emulator state: sessions, authorization codes and tokens.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use url::Url;

use super::BitbucketConfig;
use super::faults::FaultHandle;
use super::seed::{Seed, User, find_user};

/// Everything the handlers share.
#[derive(Clone)]
pub(crate) struct AppState {
    pub config: Arc<BitbucketConfig>,
    pub base_url: Url,
    pub seed: Arc<Seed>,
    pub faults: FaultHandle,
    pub store: Arc<Mutex<Store>>,
}

impl AppState {
    pub fn store(&self) -> MutexGuard<'_, Store> {
        // Handlers never leave the store half-updated across a panic point.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Builds `{base}{path}`; `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url.as_str().trim_end_matches('/'))
    }

    /// Returns the user that owns a valid, unexpired access token.
    pub fn bearer_user(&self, token: &str) -> Option<&'static User> {
        let store = self.store();
        let access = store.access_tokens.get(token)?;
        if access.issued.elapsed() >= self.config.access_token_ttl {
            return None;
        }
        find_user(access.username)
    }
}

/// A logged-in browser session.
pub(crate) struct Session {
    pub username: &'static str,
    /// The XSRF token that the consent form must send back.
    pub xsrf_token: String,
}

/// An authorization code waiting to be exchanged.
pub(crate) struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub username: &'static str,
    pub code_challenge: Option<CodeChallenge>,
    pub issued: Instant,
    /// Set by the first successful exchange; a second exchange revokes `tokens`.
    pub redeemed: bool,
    /// Access and refresh tokens issued from this code, including refreshed ones.
    pub tokens: Vec<String>,
}

#[derive(Clone)]
pub(crate) struct CodeChallenge {
    pub method: ChallengeMethod,
    pub challenge: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChallengeMethod {
    Plain,
    S256,
}

impl CodeChallenge {
    /// Checks `verifier` against the challenge, after the RFC 7636 syntax check
    /// (43 to 128 characters from `[A-Za-z0-9-._~]`).
    pub fn verify(&self, verifier: &str) -> bool {
        let valid_syntax = (43..=128).contains(&verifier.len())
            && verifier
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"-._~".contains(&byte));
        if !valid_syntax {
            return false;
        }
        match self.method {
            ChallengeMethod::Plain => verifier == self.challenge,
            ChallengeMethod::S256 => {
                URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == self.challenge
            }
        }
    }
}

/// An issued access token.
pub(crate) struct AccessToken {
    pub username: &'static str,
    pub issued: Instant,
}

/// An issued refresh token.
pub(crate) struct RefreshToken {
    pub client_id: String,
    pub username: &'static str,
    pub scope: String,
    pub access_token: String,
    /// The authorization code the token chain started from.
    pub code: String,
}

#[derive(Default)]
pub(crate) struct Store {
    pub sessions: HashMap<String, Session>,
    pub codes: HashMap<String, CodeGrant>,
    pub access_tokens: HashMap<String, AccessToken>,
    pub refresh_tokens: HashMap<String, RefreshToken>,
}

/// A newly issued token pair.
pub(crate) struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
}

impl Store {
    /// Issues an access and refresh token for `username`, remembered under `code`.
    pub fn issue_tokens(
        &mut self,
        client_id: &str,
        username: &'static str,
        scope: &str,
        code: &str,
    ) -> TokenPair {
        let pair = TokenPair {
            access_token: new_jwt(),
            refresh_token: new_jwt(),
        };
        self.access_tokens.insert(
            pair.access_token.clone(),
            AccessToken {
                username,
                issued: Instant::now(),
            },
        );
        self.refresh_tokens.insert(
            pair.refresh_token.clone(),
            RefreshToken {
                client_id: client_id.to_string(),
                username,
                scope: scope.to_string(),
                access_token: pair.access_token.clone(),
                code: code.to_string(),
            },
        );
        if let Some(grant) = self.codes.get_mut(code) {
            grant.tokens.push(pair.access_token.clone());
            grant.tokens.push(pair.refresh_token.clone());
        }
        pair
    }

    /// Revokes a refresh token and the access token issued with it.
    pub fn revoke_refresh_token(&mut self, refresh_token: &str) -> Option<RefreshToken> {
        let refresh = self.refresh_tokens.remove(refresh_token)?;
        self.access_tokens.remove(&refresh.access_token);
        Some(refresh)
    }

    /// Revokes every token issued from `code`.
    pub fn revoke_code_tokens(&mut self, code: &str) {
        let Some(grant) = self.codes.get_mut(code) else {
            return;
        };
        for token in grant.tokens.drain(..) {
            self.access_tokens.remove(&token);
            self.refresh_tokens.remove(&token);
        }
    }
}

/// Returns `bytes` random bytes as lowercase hex.
pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buffer);
    buffer.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Builds a token shaped like the Atlassian OAuth 2.0 plugin's: a compact JWT with header
/// `{"alg":"HS256"}` and payload `{"id":"<32 hex>"}`. The signature is random, because
/// the emulator looks tokens up instead of verifying them.
fn new_jwt() -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256"}"#);
    let payload = URL_SAFE_NO_PAD.encode(format!(r#"{{"id":"{}"}}"#, random_hex(16)));
    let mut signature = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut signature);
    format!("{header}.{payload}.{}", URL_SAFE_NO_PAD.encode(signature))
}
