//! Secrets the server makes for itself and every instance on the database shares (the device
//! cookies' signing key): made by whichever instance needs one first, read by the others.

use chrono::Utc;
use sqlx::Row;

use super::engine::on;
use super::{hex, random_bytes, timestamp, unhex, Db, DbResult};

impl Db {
    /// The 256-bit secret named `name`, made now if no instance made it before. Two instances
    /// asking at once both insert; the second insert does nothing, and both read the first.
    pub async fn server_key(&self, name: &str) -> DbResult<Vec<u8>> {
        let made = hex(&random_bytes::<32>());
        on!(&self.pool, pool => sqlx::query(
            "INSERT INTO server_keys (name, key, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(&made)
        .bind(timestamp(Utc::now()))
        .execute(pool)
        .await
        .map(|_| ())?);
        let stored: String = on!(&self.pool, pool => sqlx::query("SELECT key FROM server_keys WHERE name = $1")
            .bind(name)
            .fetch_one(pool)
            .await?
            .get("key"));
        unhex(&stored)
            .filter(|key| key.len() == 32)
            .ok_or_else(|| sqlx::Error::Decode(format!("server key {name:?} is not 64 hex digits").into()))
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_key_is_made_once_and_shared() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        let (a, b) = tokio::join!(db.server_key("device-cookie"), db.server_key("device-cookie"));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.len(), 32);
        assert_eq!(a, b);
        assert_eq!(db.server_key("device-cookie").await.unwrap(), a);
        assert_ne!(db.server_key("another").await.unwrap(), a);
    }
}
