//! `sesame admin add | password | disable | enable | remove`: administrators from the shell,
//! passwords from standard input. Every change that takes access away (a new password,
//! disabling, removal, replacing an administrator) signs out their sessions at once.

use std::io::BufRead;

use sesame_core::access::admin_rules::{check_display_name, check_login, check_new_password};
use sesame_core::Lang;

use crate::auth::password;
use crate::cli::{AdminAddArgs, AdminLoginArgs, RoleArg};
use crate::db::{Admin, AdminChange, Role, SubjectChange};
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
    check_login(&args.login).map_err(|problem| problem.message(Lang::En))?;
    let display_name = args.name.clone().unwrap_or_else(|| args.login.clone());
    check_display_name(&display_name).map_err(|problem| problem.message(Lang::En))?;
    let secret = read_password(&args.login)?;

    let db = open_db(&args.db).await?;
    let mut ids = Vec::new();
    let mut names = vec![display_name.clone()];
    for uai in &args.structures {
        let structure = db
            .structure_by_uai(uai)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no structure {uai}: import its directory first (`sesame import`)"))?;
        ids.push(structure.id);
        names.push(structure.name);
    }
    check_secret(&args.login, &secret, &names)?;
    let admin = Admin {
        login: args.login.clone(),
        display_name,
        password_hash: password::hash(&secret),
        role,
        disabled: false,
    };
    if let Some(subject) = args.oidc_subject.as_deref() {
        // Checked before anything is written: one ENT identity is one administrator's.
        if let Some(holder) = db
            .admin_by_oidc_subject(subject)
            .await
            .map_err(|e| e.to_string())?
        {
            if crate::db::login_key(&holder.login) != crate::db::login_key(&args.login) {
                return Err(format!(
                    "the ENT identity {subject:?} is administrator {}'s already",
                    holder.login
                ));
            }
        }
    }
    let login = db.put_admin(&admin, &ids).await.map_err(|e| e.to_string())?;
    if let Some(subject) = args.oidc_subject.as_deref() {
        match db
            .set_admin_oidc_subject(&login, Some(subject.trim()))
            .await
            .map_err(|e| e.to_string())?
        {
            SubjectChange::Done => {}
            SubjectChange::NotFound => return Err(format!("administrator {login} vanished")),
            SubjectChange::TakenBy(holder) => {
                return Err(format!(
                    "the ENT identity {subject:?} is administrator {holder}'s already"
                ))
            }
        }
    }
    println!("administrator {login} ({}) saved", role.as_str());
    Ok(())
}

pub async fn password(args: &AdminLoginArgs) -> Result<(), String> {
    let secret = read_password(&args.login)?;
    let db = open_db(&args.db).await?;
    // What a guesser knows of this administrator: their name, their schools' names.
    let mut names = Vec::new();
    if let Some(admin) = db.admin(&args.login).await.map_err(|e| e.to_string())? {
        names.push(admin.display_name);
        let structures = db
            .structures_of_admin(&admin.login)
            .await
            .map_err(|e| e.to_string())?;
        names.extend(structures.into_iter().map(|s| s.name));
    }
    check_secret(&args.login, &secret, &names)?;
    let done = db
        .set_admin_password(&args.login, &password::hash(&secret))
        .await
        .map_err(|e| e.to_string())?;
    found(done, &args.login)?;
    println!(
        "administrator {}: new password saved, sessions signed out",
        args.login
    );
    Ok(())
}

pub async fn set_disabled(args: &AdminLoginArgs, disabled: bool) -> Result<(), String> {
    let db = open_db(&args.db).await?;
    let change = db
        .set_admin_disabled(&args.login, disabled)
        .await
        .map_err(|e| e.to_string())?;
    made(change, &args.login)?;
    if disabled {
        println!("administrator {} disabled, sessions signed out", args.login);
    } else {
        println!("administrator {} enabled", args.login);
    }
    Ok(())
}

pub async fn remove(args: &AdminLoginArgs) -> Result<(), String> {
    let db = open_db(&args.db).await?;
    let change = db.remove_admin(&args.login).await.map_err(|e| e.to_string())?;
    made(change, &args.login)?;
    println!("administrator {} removed, sessions signed out", args.login);
    Ok(())
}

fn found(done: bool, login: &str) -> Result<(), String> {
    if done {
        Ok(())
    } else {
        Err(format!("no administrator {login:?}"))
    }
}

fn made(change: AdminChange, login: &str) -> Result<(), String> {
    match change {
        AdminChange::Done(_) => Ok(()),
        AdminChange::NotFound => found(false, login),
        AdminChange::LastCentral => Err(format!(
            "{login} is the last active central administrator: add another one first"
        )),
    }
}

/// One line of standard input: a password `login` may have, as far as the login tells (checked
/// before the database is opened; the names it holds are checked after).
fn read_password(login: &str) -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    let secret = line.trim_end_matches(['\r', '\n']).to_owned();
    check_secret(login, &secret, &[])?;
    Ok(secret)
}

/// Whether `secret` may be the password of `login`, whose name and schools' names are `names`
/// (core's rules, in English here).
fn check_secret(login: &str, secret: &str, names: &[String]) -> Result<(), String> {
    let known: Vec<&str> = names.iter().map(String::as_str).collect();
    check_new_password(login, secret, &known).map_err(|problem| problem.message(Lang::En))
}
