//! JSON Web Tokens as djangorestframework-simplejwt issues them (HS256; claims `token_type`, `exp`, `iat`, `jti`,
//! `user_id` as a string), plus `is_staff`, so that any module in any process can authorize with the secret alone.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The two kinds of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
    /// Issued by a process of this application to ask another one on its own behalf (a split module checking a
    /// user with accounts); it has staff rights, no user, and the access lifetime. Only holders of the secret can
    /// make one, as they could any token.
    Service,
}

impl TokenKind {
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Access => "access",
            TokenKind::Refresh => "refresh",
            TokenKind::Service => "service",
        }
    }
}

/// A token's payload, in simplejwt's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub token_type: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    pub user_id: String,
    #[serde(default)]
    pub is_staff: bool,
}

/// Why a token was refused, in simplejwt's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("Token is invalid")]
    Invalid,
    #[error("Token is expired")]
    Expired,
    #[error("Token has wrong type")]
    WrongType,
}

/// Issues and verifies tokens with one secret. Held as application data.
#[derive(Clone)]
pub struct Signer {
    secret: Vec<u8>,
    pub access_lifetime: Duration,
    pub refresh_lifetime: Duration,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("secret", &"***").finish()
    }
}

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Signer {
    pub fn new(secret: &[u8], access_lifetime: Duration, refresh_lifetime: Duration) -> Self {
        Signer {
            secret: secret.to_vec(),
            access_lifetime,
            refresh_lifetime,
        }
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes keys of any length")
    }

    /// A signed token of `kind` for the user.
    pub fn issue(&self, kind: TokenKind, user_id: i64, is_staff: bool) -> String {
        let iat = now();
        let lifetime = match kind {
            TokenKind::Access | TokenKind::Service => self.access_lifetime,
            TokenKind::Refresh => self.refresh_lifetime,
        };
        let mut jti = [0u8; 16];
        getrandom::fill(&mut jti).expect("the operating system's random source");
        let claims = Claims {
            token_type: kind.name().into(),
            exp: iat + lifetime.as_secs() as i64,
            iat,
            jti: jti.iter().map(|b| format!("{b:02x}")).collect(),
            user_id: user_id.to_string(),
            is_staff,
        };
        self.sign(&claims)
    }

    /// Encodes and signs any claims (tests use it to make expired or foreign tokens).
    pub fn sign(&self, claims: &Claims) -> String {
        let payload = serde_json::to_vec(claims).expect("claims serialize");
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(HEADER),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{signed}.{signature}")
    }

    /// The claims of a token signed with this secret, unexpired and of `kind`.
    pub fn verify(&self, token: &str, kind: TokenKind) -> Result<Claims, TokenError> {
        let (signed, signature) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let (header, payload) = signed.split_once('.').ok_or(TokenError::Invalid)?;
        if payload.contains('.') {
            return Err(TokenError::Invalid);
        }
        let header: serde_json::Value = URL_SAFE_NO_PAD
            .decode(header)
            .ok()
            .and_then(|h| serde_json::from_slice(&h).ok())
            .ok_or(TokenError::Invalid)?;
        if header["alg"] != "HS256" {
            return Err(TokenError::Invalid);
        }
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Invalid)?;
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| TokenError::Invalid)?;
        let claims: Claims = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|p| serde_json::from_slice(&p).ok())
            .ok_or(TokenError::Invalid)?;
        if claims.exp <= now() {
            return Err(TokenError::Expired);
        }
        if claims.token_type != kind.name() {
            return Err(TokenError::WrongType);
        }
        if claims.user_id.parse::<i64>().is_err() {
            return Err(TokenError::Invalid);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(secret: &str) -> Signer {
        Signer::new(
            secret.as_bytes(),
            Duration::from_secs(300),
            Duration::from_secs(86_400),
        )
    }

    #[test]
    fn issued_tokens_verify_with_the_same_secret_only() {
        let token = signer("s1").issue(TokenKind::Access, 7, true);
        let claims = signer("s1").verify(&token, TokenKind::Access).unwrap();
        assert_eq!(
            (
                claims.user_id.as_str(),
                claims.is_staff,
                claims.token_type.as_str()
            ),
            ("7", true, "access")
        );
        assert_eq!(claims.exp - claims.iat, 300);
        assert_eq!(
            signer("s2").verify(&token, TokenKind::Access),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            signer("s1").verify(&token, TokenKind::Refresh),
            Err(TokenError::WrongType)
        );
    }

    #[test]
    fn expired_tampered_and_malformed_tokens_are_refused() {
        let s = signer("s");
        let expired = s.sign(&Claims {
            token_type: "access".into(),
            exp: now() - 1,
            iat: now() - 301,
            jti: "x".into(),
            user_id: "1".into(),
            is_staff: false,
        });
        assert_eq!(
            s.verify(&expired, TokenKind::Access),
            Err(TokenError::Expired)
        );
        let token = s.issue(TokenKind::Access, 1, false);
        let (head, rest) = token.split_once('.').unwrap();
        let (_, signature) = rest.split_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD.encode(r#"{"token_type":"access","exp":9999999999,"iat":0,"jti":"x","user_id":"1","is_staff":true}"#);
        assert_eq!(
            s.verify(
                &format!("{head}.{forged_payload}.{signature}"),
                TokenKind::Access
            ),
            Err(TokenError::Invalid)
        );
        let none_alg = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            forged_payload
        );
        assert_eq!(
            s.verify(&none_alg, TokenKind::Access),
            Err(TokenError::Invalid)
        );
        for junk in ["", "a.b", "a.b.c.d", "!!!.###.$$$"] {
            assert_eq!(
                s.verify(junk, TokenKind::Access),
                Err(TokenError::Invalid),
                "{junk}"
            );
        }
    }
}
