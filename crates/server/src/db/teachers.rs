//! Teachers of the directory as they sign in through the ENT (migration 0012): who a teacher is
//! — a `Teacher` account, found by its ENT id — in which schools they may hand out letters, with
//! which classes there, and their sessions.
//!
//! Read again at each request of a teacher's session ([`Db::teacher_signed_in`]): the directory
//! is the truth, so a teacher whose classes an import changed sees the new ones at once, and one
//! the directory no longer lists (or who is blocked, or whose school stops letting teachers
//! distribute) is signed out at their next request.

use chrono::{DateTime, Duration, Utc};
use sesame_core::ClassRef;
use sqlx::Row;

use super::engine::on;
use super::{parse_timestamp, timestamp, Db, DbResult};

/// A teacher who may hand out letters somewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Teacher {
    /// Their ENT id (`users.id`; the ID token's `sub`).
    pub id: String,
    pub login: String,
    pub display_name: String,
    /// The schools that let teachers distribute and list this teacher, by structure id.
    pub schools: Vec<TeacherSchool>,
}

/// A school where a teacher may hand out letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeacherSchool {
    pub structure_id: String,
    /// Their classes there, by name.
    pub classes: Vec<ClassRef>,
    /// Whether the school lets teachers e-mail the letters too.
    pub may_mail: bool,
}

impl Teacher {
    /// The school `structure_id`, when the teacher may hand out letters there.
    pub fn school(&self, structure_id: &str) -> Option<&TeacherSchool> {
        self.schools.iter().find(|s| s.structure_id == structure_id)
    }
}

/// A teacher's live session. `Debug` leaves the CSRF token out.
#[derive(Clone)]
pub struct TeacherSession {
    pub teacher_id: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for TeacherSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeacherSession")
            .field("teacher_id", &self.teacher_id)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// The teacher of ENT id `id`, in the schools that let teachers distribute (`None` when
    /// there is no such unblocked `Teacher` account in any of them).
    pub async fn teacher(&self, id: &str) -> DbResult<Option<Teacher>> {
        let (account, places, classes) = on!(&self.pool, pool => {
            let account: Option<(String, String, String)> = sqlx::query_as(
                "SELECT login, first_name, last_name FROM users \
                 WHERE id = $1 AND profile = 'Teacher' AND NOT blocked",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            let places: Vec<(String, bool)> = sqlx::query_as(
                "SELECT s.id, s.teachers_may_mail FROM structure_users su JOIN structures s ON s.id = su.structure_id \
                 WHERE su.user_id = $1 AND s.teachers_may_distribute ORDER BY s.name, s.uai",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let classes: Vec<(String, ClassRef)> = sqlx::query(
                "SELECT c.structure_id, c.id, c.name FROM memberships m JOIN classes c ON c.id = m.class_id \
                 WHERE m.user_id = $1 ORDER BY c.name",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                (
                    row.get("structure_id"),
                    ClassRef {
                        id: row.get("id"),
                        name: row.get("name"),
                    },
                )
            })
            .collect();
            (account, places, classes)
        });
        let Some((login, first_name, last_name)) = account else {
            return Ok(None);
        };
        if places.is_empty() {
            return Ok(None);
        }
        let schools = places
            .into_iter()
            .map(|(structure_id, may_mail)| TeacherSchool {
                classes: classes
                    .iter()
                    .filter(|(s, _)| *s == structure_id)
                    .map(|(_, class)| class.clone())
                    .collect(),
                structure_id,
                may_mail,
            })
            .collect();
        Ok(Some(Teacher {
            id: id.to_owned(),
            login,
            display_name: sesame_core::letter::full_name(&first_name, &last_name),
            schools,
        }))
    }

    /// Whether ENT id `id` is a `Teacher` account of any school (to tell a teacher whose school
    /// does not let teachers distribute from someone unknown).
    pub async fn is_teacher_anywhere(&self, id: &str) -> DbResult<bool> {
        on!(&self.pool, pool => Ok(sqlx::query("SELECT 1 AS one FROM users WHERE id = $1 AND profile = 'Teacher'")
            .bind(id)
            .fetch_optional(pool)
            .await?
            .is_some()))
    }

    pub async fn create_teacher_session(
        &self,
        token_hash: &str,
        teacher_id: &str,
        csrf_token: &str,
        lifetime: Duration,
    ) -> DbResult<()> {
        let now = Utc::now();
        on!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO teacher_sessions (token_hash, teacher_id, csrf_token, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(teacher_id)
            .bind(csrf_token)
            .bind(timestamp(now))
            .bind(timestamp(now + lifetime))
            .execute(pool)
            .await?;
            sqlx::query("DELETE FROM teacher_sessions WHERE expires_at < $1")
                .bind(timestamp(now))
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The unexpired teacher's session with this token hash, with the teacher as the directory
    /// has them now (`None` also when they may no longer hand out letters anywhere).
    pub async fn teacher_signed_in(&self, token_hash: &str) -> DbResult<Option<(TeacherSession, Teacher)>> {
        let row: Option<(String, String, String)> = on!(&self.pool, pool => sqlx::query_as(
            "SELECT teacher_id, csrf_token, expires_at FROM teacher_sessions \
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(timestamp(Utc::now()))
        .fetch_optional(pool)
        .await?);
        let Some((teacher_id, csrf_token, expires_at)) = row else {
            return Ok(None);
        };
        let Some(teacher) = self.teacher(&teacher_id).await? else {
            return Ok(None);
        };
        let session = TeacherSession {
            teacher_id,
            csrf_token,
            expires_at: parse_timestamp(&expires_at)?,
        };
        Ok(Some((session, teacher)))
    }

    pub async fn delete_teacher_session(&self, token_hash: &str) -> DbResult<()> {
        on!(&self.pool, pool => sqlx::query("DELETE FROM teacher_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use sesame_core::import::ImportedUser;
    use sesame_core::{LetterSettings, Profile};

    use crate::db::test_accounts::account;

    #[tokio::test]
    async fn a_teacher_is_read_from_the_directory_of_the_schools_that_allow_teachers() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        let allowing = LetterSettings {
            teachers_may_distribute: true,
            ..LetterSettings::default()
        };
        let a = db.create_structure("0751234A", "A", &allowing).await.unwrap().id;
        let b = crate::db::testing::test_school(&db, "0755678B", "B").await;
        let anne = |classes: &[&str]| ImportedUser {
            id: Some("ENT-ANNE".into()),
            ..account("anne.leroy", Profile::Teacher, classes)
        };
        db.import_users(&a, &[anne(&["CM2 A", "Chorale"])]).await.unwrap();
        db.import_users(&b, &[anne(&["6e B"])]).await.unwrap();
        let teacher = db.teacher("ENT-ANNE").await.unwrap().unwrap();
        assert_eq!(teacher.login, "anne.leroy");
        assert_eq!(teacher.schools.len(), 1, "B does not let teachers distribute");
        let names: Vec<&str> = teacher.schools[0]
            .classes
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["CM2 A", "Chorale"]);
        assert!(db.teacher("unknown").await.unwrap().is_none());
        assert!(db.is_teacher_anywhere("ENT-ANNE").await.unwrap());

        db.create_teacher_session("hash", "ENT-ANNE", "csrf", chrono::Duration::hours(1))
            .await
            .unwrap();
        assert!(db.teacher_signed_in("hash").await.unwrap().is_some());
        // The next import moves her: the session sees her new classes at once.
        db.import_users(&a, &[anne(&["CE2 B"])]).await.unwrap();
        let (_, now) = db.teacher_signed_in("hash").await.unwrap().unwrap();
        assert_eq!(now.schools[0].classes[0].name, "CE2 B");
        db.delete_teacher_session("hash").await.unwrap();
        assert!(db.teacher_signed_in("hash").await.unwrap().is_none());
    }
}
