//! Structures (schools) and their letter settings.

use sesame_core::{LetterSettings, Millimetres, Profile, Structure};
use sqlx::query::Query;
use sqlx::{Database, Encode, Type};

use super::engine::on;
use super::readers::ReadResult;
use super::versions::new_version;
use super::{new_id, Db, DbResult};

pub(super) const COLUMNS: &str =
    "id, uai, name, time_zone, ent_name, login_url, activation_url, help_text, sender_address, \
                       external_sign_in, label_offset_x_tenths, label_offset_y_tenths, teachers_may_distribute, \
                       teachers_may_mail";

/// The structure of a row of [`COLUMNS`], whichever engine's row it is.
macro_rules! structure {
    ($row:expr) => {{
        use sqlx::Row as _;
        let row = &$row;
        sesame_core::Structure {
            id: row.get("id"),
            uai: row.get("uai"),
            name: row.get("name"),
            time_zone: row.get("time_zone"),
            letter_settings: sesame_core::LetterSettings {
                ent_name: row.get("ent_name"),
                login_url: row.get("login_url"),
                activation_url: row.get("activation_url"),
                help_text: row.get("help_text"),
                sender_address: row.get("sender_address"),
                external_sign_in: $crate::db::structures::profiles_from_column(row.get("external_sign_in")),
                label_offset_x_mm: sesame_core::Millimetres::from_tenths(row.get("label_offset_x_tenths")),
                label_offset_y_mm: sesame_core::Millimetres::from_tenths(row.get("label_offset_y_tenths")),
                teachers_may_distribute: row.get("teachers_may_distribute"),
                teachers_may_mail: row.get("teachers_may_mail"),
            },
        }
    }};
}
pub(super) use structure;

/// "Teacher,Relative" → the profiles (a name this version does not know is left out).
pub(super) fn profiles_from_column(text: &str) -> Vec<Profile> {
    text.split(',')
        .filter_map(|name| Profile::parse(name.trim()))
        .collect()
}

/// The profiles as stored: names, comma-separated, each once.
fn profiles_to_column(settings: &LetterSettings) -> String {
    let names: Vec<&str> = settings
        .normalized_external_sign_in()
        .into_iter()
        .map(Profile::as_str)
        .collect();
    names.join(",")
}

/// `query` with the letter settings bound, in the order both the `INSERT` and the `UPDATE` of
/// a structure list their columns: from `ent_name` to `teachers_may_mail`.
fn bind_settings<'q, DB>(
    query: Query<'q, DB, DB::Arguments<'q>>,
    settings: &'q LetterSettings,
) -> Query<'q, DB, DB::Arguments<'q>>
where
    DB: Database,
    String: Encode<'q, DB> + Type<DB>,
    i32: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
{
    query
        .bind(&settings.ent_name)
        .bind(&settings.login_url)
        .bind(&settings.activation_url)
        .bind(&settings.help_text)
        .bind(&settings.sender_address)
        .bind(profiles_to_column(settings))
        .bind(settings.label_offset_x_mm.tenths())
        .bind(settings.label_offset_y_mm.tenths())
        .bind(settings.teachers_may_distribute)
        .bind(settings.teachers_may_mail)
}

/// Structure `id` and its directory version, read on a plain connection (`readers`) inside the
/// caller's read transaction, so they belong to the same snapshot as the accounts read beside.
pub(super) fn read_structure(
    connection: &rusqlite::Connection,
    id: &str,
) -> ReadResult<Option<(Structure, String)>> {
    let mut statement = connection.prepare_cached(&format!(
        "SELECT {COLUMNS}, directory_version FROM structures WHERE id = ?1"
    ))?;
    let mut rows = statement.query([id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let structure = Structure {
        id: row.get(0)?,
        uai: row.get(1)?,
        name: row.get(2)?,
        time_zone: row.get(3)?,
        letter_settings: LetterSettings {
            ent_name: row.get(4)?,
            login_url: row.get(5)?,
            activation_url: row.get(6)?,
            help_text: row.get(7)?,
            sender_address: row.get(8)?,
            external_sign_in: profiles_from_column(row.get_ref(9)?.as_str()?),
            label_offset_x_mm: Millimetres::from_tenths(row.get(10)?),
            label_offset_y_mm: Millimetres::from_tenths(row.get(11)?),
            teachers_may_distribute: row.get(12)?,
            teachers_may_mail: row.get(13)?,
        },
    };
    Ok(Some((structure, row.get(14)?)))
}

impl Db {
    /// Every structure, by name.
    pub async fn all_structures(&self) -> DbResult<Vec<Structure>> {
        let sql = format!("SELECT {COLUMNS} FROM structures ORDER BY name, uai");
        self.structures_selected(&sql, &[]).await
    }

    /// The structures a local administrator is given, by name.
    pub async fn structures_of_admin(&self, login: &str) -> DbResult<Vec<Structure>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM structures WHERE id IN \
             (SELECT structure_id FROM admin_structures WHERE admin_login = $1) ORDER BY name, uai"
        );
        self.structures_selected(&sql, &[login]).await
    }

    /// The structures `sql` selects (their [`COLUMNS`]), `values` bound to its `$1`, `$2`…
    async fn structures_selected(&self, sql: &str, values: &[&str]) -> DbResult<Vec<Structure>> {
        on!(&self.pool, pool => {
            let mut query = sqlx::query(sql);
            for value in values {
                query = query.bind(*value);
            }
            Ok(query.fetch_all(pool).await?.iter().map(|row| structure!(row)).collect())
        })
    }

    pub async fn structure(&self, id: &str) -> DbResult<Option<Structure>> {
        self.structure_where("id", id).await
    }

    pub async fn structure_by_uai(&self, uai: &str) -> DbResult<Option<Structure>> {
        self.structure_where("uai", uai).await
    }

    /// The structure whose `column` (`id` or `uai`: both unique) holds `value`.
    async fn structure_where(&self, column: &str, value: &str) -> DbResult<Option<Structure>> {
        let sql = format!("SELECT {COLUMNS} FROM structures WHERE {column} = $1");
        on!(&self.pool, pool => Ok(sqlx::query(&sql)
            .bind(value)
            .fetch_optional(pool)
            .await?
            .map(|row| structure!(row))))
    }

    /// Creates a structure with default letter settings; returns it.
    pub async fn create_structure(
        &self,
        uai: &str,
        name: &str,
        settings: &LetterSettings,
    ) -> DbResult<Structure> {
        let id = new_id();
        let sql = "INSERT INTO structures (id, uai, name, ent_name, login_url, activation_url, help_text, sender_address, \
             external_sign_in, label_offset_x_tenths, label_offset_y_tenths, teachers_may_distribute, \
             teachers_may_mail, directory_version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
        on!(&self.pool, pool => {
            let query = sqlx::query(sql).bind(&id).bind(uai).bind(name);
            bind_settings(query, settings).bind(new_version()).execute(pool).await?;
        });
        Ok(self.structure(&id).await?.expect("just inserted"))
    }

    /// Replaces a structure's letter settings (part of its directory's body: a new version, in
    /// the same statement); false when there is no such structure.
    pub async fn set_letter_settings(&self, id: &str, s: &LetterSettings) -> DbResult<bool> {
        let sql = "UPDATE structures SET ent_name = $2, login_url = $3, activation_url = $4, help_text = $5, \
             sender_address = $6, external_sign_in = $7, label_offset_x_tenths = $8, label_offset_y_tenths = $9, \
             teachers_may_distribute = $10, teachers_may_mail = $11, directory_version = $12 WHERE id = $1";
        let done = on!(&self.pool, pool => {
            let query = sqlx::query(sql).bind(id);
            bind_settings(query, s).bind(new_version()).execute(pool).await?.rows_affected()
        });
        Ok(done == 1)
    }
}
