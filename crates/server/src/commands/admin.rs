//! `sesame admin add`: create or replace an administrator, password from standard input.

use std::io::BufRead;

use crate::auth::password;
use crate::cli::{AdminAddArgs, RoleArg};
use crate::db::{Admin, Role};
use crate::serve::open_db;

pub async fn add(args: &AdminAddArgs) -> Result<(), String> {
    let role = match args.role {
        RoleArg::Central => Role::Central,
        RoleArg::Local => Role::Local,
    };
    match role {
        Role::Local if args.structures.is_empty() => {
            return Err("a local administrator needs at least one --structure UAI".into())
        }
        Role::Central if !args.structures.is_empty() => {
            return Err("a central administrator sees every structure: drop --structure".into())
        }
        _ => {}
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    let secret = line.trim_end_matches(['\r', '\n']);
    if secret.chars().count() < password::MIN_LENGTH {
        return Err(format!(
            "the password must have at least {} characters",
            password::MIN_LENGTH
        ));
    }

    let db = open_db(&args.db).await?;
    let mut ids = Vec::new();
    for uai in &args.structures {
        let structure = db
            .structure_by_uai(uai)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no structure {uai}: import its directory first (`sesame import`)"))?;
        ids.push(structure.id);
    }
    let admin = Admin {
        login: args.login.clone(),
        display_name: args.name.clone().unwrap_or_else(|| args.login.clone()),
        password_hash: password::hash(secret),
        role,
    };
    db.put_admin(&admin, &ids).await.map_err(|e| e.to_string())?;
    println!("administrator {} ({}) saved", admin.login, role.as_str());
    Ok(())
}
