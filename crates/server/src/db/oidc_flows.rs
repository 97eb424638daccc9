//! Sign-ins through the ENT under way (migration 0012): what the provider's callback must find
//! again — the state, the nonce and the PKCE verifier — kept between the button and the
//! callback, named by the SHA-256 of a random id the browser holds in a short-lived cookie.
//!
//! In the database rather than in the cookie, so any instance takes the callback, nothing but a
//! random id reaches the browser, and a flow is used once: [`Db::take_oidc_flow`] deletes the row
//! it returns, so a replayed callback finds nothing — entcore itself accepts a code again for
//! ten minutes. Anyone may start a flow: expired rows are swept at each start, and past
//! [`MAX_FLOWS`] live ones a start is refused until they expire.

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

use super::engine::on;
use super::{parse_timestamp, timestamp, Db, DbResult};

/// Sign-ins under way at most (a flood of unauthenticated starts cannot grow the table further).
pub const MAX_FLOWS: i64 = 10_000;

/// A flow's secrets. `Debug` shows none of them.
pub struct OidcFlow {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for OidcFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcFlow")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Records a flow under `id_hash`, alive for `lifetime`; `false` (nothing written) when
    /// [`MAX_FLOWS`] are alive already.
    pub async fn put_oidc_flow(&self, id_hash: &str, flow: &OidcFlow, lifetime: Duration) -> DbResult<bool> {
        let now = Utc::now();
        on!(&self.pool, pool => {
            sqlx::query("DELETE FROM oidc_flows WHERE expires_at < $1")
                .bind(timestamp(now))
                .execute(pool)
                .await?;
            let alive: i64 = sqlx::query("SELECT COUNT(*) AS n FROM oidc_flows")
                .fetch_one(pool)
                .await?
                .get("n");
            if alive >= MAX_FLOWS {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO oidc_flows (id_hash, state, nonce, pkce_verifier, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id_hash)
            .bind(&flow.state)
            .bind(&flow.nonce)
            .bind(&flow.pkce_verifier)
            .bind(timestamp(now))
            .bind(timestamp(now + lifetime))
            .execute(pool)
            .await?;
        });
        Ok(true)
    }

    /// The flow under `id_hash`, deleted as it is read (`None` when there is none, or it has
    /// expired).
    pub async fn take_oidc_flow(&self, id_hash: &str) -> DbResult<Option<OidcFlow>> {
        let row: Option<(String, String, String, String)> = on!(&self.pool, pool => sqlx::query_as(
            "DELETE FROM oidc_flows WHERE id_hash = $1 RETURNING state, nonce, pkce_verifier, expires_at",
        )
        .bind(id_hash)
        .fetch_optional(pool)
        .await?);
        let Some((state, nonce, pkce_verifier, expires_at)) = row else {
            return Ok(None);
        };
        let flow = OidcFlow {
            state,
            nonce,
            pkce_verifier,
            expires_at: parse_timestamp(&expires_at)?,
        };
        Ok((flow.expires_at > Utc::now()).then_some(flow))
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::OidcFlow;

    fn flow() -> OidcFlow {
        OidcFlow {
            state: "state".into(),
            nonce: "nonce".into(),
            pkce_verifier: "verifier".into(),
            expires_at: chrono::Utc::now(),
        }
    }

    #[tokio::test]
    async fn a_flow_is_taken_once_and_never_after_it_expires() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        assert!(db
            .put_oidc_flow("h1", &flow(), Duration::minutes(10))
            .await
            .unwrap());
        let taken = db.take_oidc_flow("h1").await.unwrap().unwrap();
        assert_eq!(
            (taken.state.as_str(), taken.pkce_verifier.as_str()),
            ("state", "verifier")
        );
        assert!(
            db.take_oidc_flow("h1").await.unwrap().is_none(),
            "a replay finds nothing"
        );
        assert!(db
            .put_oidc_flow("h2", &flow(), Duration::milliseconds(-1))
            .await
            .unwrap());
        assert!(db.take_oidc_flow("h2").await.unwrap().is_none(), "expired");
        assert!(!format!("{taken:?}").contains("verifier"));
    }
}
