//! Rate limiting as Django REST framework's `AnonRateThrottle`, `UserRateThrottle` and `ScopedRateThrottle` do it:
//! a sliding window of request times per client address (anonymous) or per user, and per scope for the views that
//! name one (`login`), `429` with `Retry-After` past the rate.

use std::collections::{HashMap, VecDeque};
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::HttpRequest;

use super::origin::client_ip;
use crate::auth::Identity;
use crate::error::ApiError;

/// `N/period`, the period named by its first letter: `s`econd, `m`inute, `h`our or `d`ay (`100/minute`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub requests: usize,
    pub period: Duration,
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let invalid = || format!("\"{text}\" is not a rate like 100/minute");
        let (count, period) = text.trim().split_once('/').ok_or_else(invalid)?;
        let requests = count.trim().parse::<usize>().map_err(|_| invalid())?;
        let seconds = match period.trim().chars().next() {
            Some('s') => 1,
            Some('m') => 60,
            Some('h') => 3600,
            Some('d') => 86_400,
            _ => return Err(invalid()),
        };
        Ok(Rate {
            requests,
            period: Duration::from_secs(seconds),
        })
    }
}

/// One module's throttles, shared by every worker.
#[derive(Debug, Default)]
pub struct Throttle {
    anonymous: Option<Rate>,
    user: Option<Rate>,
    /// Rates of the scopes views name.
    scopes: Vec<(&'static str, Rate)>,
    history: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Throttle {
    pub fn new(anonymous: Option<Rate>, user: Option<Rate>) -> Self {
        Throttle {
            anonymous,
            user,
            scopes: Vec::new(),
            history: Mutex::default(),
        }
    }

    /// The same with a rate for the views of `scope`.
    pub fn scope(mut self, scope: &'static str, rate: Rate) -> Self {
        self.scopes.push((scope, rate));
        self
    }

    pub fn is_active(&self) -> bool {
        self.anonymous.is_some() || self.user.is_some() || !self.scopes.is_empty()
    }

    /// Records the request, or refuses it with the wait DRF would announce.
    pub fn check(&self, req: &HttpRequest, who: Option<&Identity>) -> Result<(), ApiError> {
        let (key, rate) = match who {
            Some(user) => (format!("user:{}", user.user_id), self.user),
            None => (format!("anon:{}", client_ip(req)), self.anonymous),
        };
        match rate {
            Some(rate) => self.hit(key, rate),
            None => Ok(()),
        }
    }

    /// `ScopedRateThrottle`: the request counts against its view's scope, per user or else per client address.
    pub fn check_scope(
        &self,
        req: &HttpRequest,
        scope: &str,
        who: Option<&Identity>,
    ) -> Result<(), ApiError> {
        let Some(&(_, rate)) = self.scopes.iter().find(|(name, _)| *name == scope) else {
            return Ok(());
        };
        let ident = match who {
            Some(user) => format!("user:{}", user.user_id),
            None => format!("anon:{}", client_ip(req)),
        };
        self.hit(format!("scope:{scope}:{ident}"), rate)
    }

    fn hit(&self, key: String, rate: Rate) -> Result<(), ApiError> {
        let now = Instant::now();
        let mut history = self.history.lock().unwrap_or_else(|e| e.into_inner());
        if history.len() > 10_000 {
            let longest = self.longest_period();
            history.retain(|_, times| {
                times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) < longest)
            });
        }
        let times = history.entry(key).or_default();
        while times
            .back()
            .is_some_and(|t| now.duration_since(*t) >= rate.period)
        {
            times.pop_back();
        }
        if times.len() >= rate.requests {
            // DRF: the oldest request's remaining window, shared among the requests still available (one).
            let remaining = times.back().map_or(rate.period, |oldest| {
                rate.period.saturating_sub(now.duration_since(*oldest))
            });
            let available = (rate.requests + 1).saturating_sub(times.len()).max(1);
            let wait = (remaining.as_secs_f64() / available as f64).ceil().max(1.0) as u64;
            return Err(ApiError::Throttled(wait));
        }
        times.push_front(now);
        Ok(())
    }
}

impl Throttle {
    /// The longest window of any rate: entries older than it count for nothing.
    fn longest_period(&self) -> Duration {
        self.anonymous
            .iter()
            .chain(self.user.iter())
            .chain(self.scopes.iter().map(|(_, r)| r))
            .map(|r| r.period)
            .max()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_like_drf() {
        assert_eq!(
            "100/minute".parse(),
            Ok(Rate {
                requests: 100,
                period: Duration::from_secs(60)
            })
        );
        assert_eq!(
            "5/s".parse(),
            Ok(Rate {
                requests: 5,
                period: Duration::from_secs(1)
            })
        );
        assert_eq!(
            "1000/day".parse::<Rate>().unwrap().period,
            Duration::from_secs(86_400)
        );
        assert!("x/minute".parse::<Rate>().is_err());
        assert!("10/fortnight".parse::<Rate>().is_err());
        assert!("10".parse::<Rate>().is_err());
    }
}
