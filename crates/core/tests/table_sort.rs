//! Sorting the *Vérification* table by a clicked column: the order a person expects, empty
//! cells last in both directions, ties in name order, and the click cycle.

use sesame_core::selection::directory::{Column, ColumnSort};
use sesame_core::{Directory, Profile, SchoolTimeZone};
use sesame_testkit::users::{class, user, utc};

fn school() -> Directory {
    let mut users = vec![
        user("1", Profile::Teacher, "Zoé", "Dupré"),
        user("2", Profile::Student, "Émile", "Martin"),
        user("3", Profile::Student, "anne", "Leroy"),
        user("4", Profile::Guest, "Bruno", "Abel"),
    ];
    users[0].email = Some("zoe@example.org".into());
    users[2].email = Some("  ".into()); // blank counts as none
    users[3].email = Some("Bruno@example.org".into());
    users[1].activation_code = Some("B2".into());
    users[2].activation_code = Some("A9".into());
    users[1].classes = vec![class("c-6a", "6e A")];
    users[2].classes = vec![class("c-cm2", "CM2")];
    users[0].classes = vec![class("c-6a", "6e A")];
    users[0].created_at = utc("2024-01-01T00:00:00Z");
    users[3].created_at = utc("1969-12-31T00:00:00Z"); // before 1970: the sign must not flip the order
    users[1].last_distributed_at = Some(utc("2026-10-01T10:00:00Z"));
    Directory::new(users, SchoolTimeZone::default())
}

fn ids(directory: &Directory, column: Column, descending: bool) -> Vec<String> {
    let mut indices: Vec<usize> = (0..directory.users().len()).collect();
    directory.sort_by_column(&mut indices, ColumnSort { column, descending });
    indices.iter().map(|&i| directory.users()[i].id.clone()).collect()
}

#[test]
fn each_column_sorts_as_a_reader_expects() {
    let d = school();
    assert_eq!(ids(&d, Column::LastName, false), ["4", "1", "3", "2"]);
    assert_eq!(ids(&d, Column::LastName, true), ["2", "3", "1", "4"]);
    // Case and accents folded: anne, Bruno, Émile, Zoé.
    assert_eq!(ids(&d, Column::FirstName, false), ["3", "4", "2", "1"]);
    // Declaration order of profiles: Student, Teacher, …, Guest; ties by name (Leroy, Martin).
    assert_eq!(ids(&d, Column::Profile, false), ["3", "2", "1", "4"]);
    assert_eq!(ids(&d, Column::Login, false), ["3", "4", "2", "1"]);
    // Ties (Leroy and Martin, same day) in name order.
    assert_eq!(ids(&d, Column::Created, false), ["4", "1", "3", "2"]);
}

#[test]
fn empty_cells_go_last_in_both_directions() {
    let d = school();
    // Codes A9, B2, then the activated accounts by name.
    assert_eq!(ids(&d, Column::ActivationCode, false), ["3", "2", "4", "1"]);
    assert_eq!(ids(&d, Column::ActivationCode, true), ["2", "3", "4", "1"]);
    // A blank address is no address.
    assert_eq!(ids(&d, Column::Email, false), ["4", "1", "3", "2"]);
    assert_eq!(ids(&d, Column::Email, true), ["1", "4", "3", "2"]);
    // Classes in school order (CM2 before 6e), classless last; ties by name (Dupré, Martin).
    assert_eq!(ids(&d, Column::Classes, false), ["3", "1", "2", "4"]);
    assert_eq!(ids(&d, Column::Classes, true), ["1", "2", "3", "4"]);
    assert_eq!(ids(&d, Column::LastDistributed, false), ["2", "4", "1", "3"]);
}

#[test]
fn the_state_column_lists_to_activate_activated_external_then_blocked() {
    let mut users = school().users().to_vec();
    users[2].blocked = true; // Leroy, to activate but blocked
    let d = Directory::new(users, SchoolTimeZone::default()).with_external_sign_in(&[Profile::Teacher]);
    // Martin (to activate), Abel (guest, activated), Dupré (teacher: outside sign-in), Leroy.
    assert_eq!(ids(&d, Column::State, false), ["2", "4", "1", "3"]);
    assert_eq!(ids(&d, Column::State, true), ["3", "1", "4", "2"]);
    assert_eq!(d.state(2), sesame_core::AccountState::Blocked);
}

#[test]
fn a_subset_keeps_only_its_own_accounts() {
    let d = school();
    let mut indices = vec![3, 0];
    d.sort_by_column(
        &mut indices,
        ColumnSort {
            column: Column::FirstName,
            descending: true,
        },
    );
    assert_eq!(indices, [0, 3]);
}

#[test]
fn clicks_cycle_ascending_descending_then_letter_order() {
    let asc = ColumnSort::after_click(None, Column::Email);
    assert_eq!(
        asc,
        Some(ColumnSort {
            column: Column::Email,
            descending: false
        })
    );
    let desc = ColumnSort::after_click(asc, Column::Email);
    assert_eq!(desc.map(|s| s.descending), Some(true));
    assert_eq!(ColumnSort::after_click(desc, Column::Email), None);
    // Another column starts ascending.
    assert_eq!(
        ColumnSort::after_click(desc, Column::Login),
        Some(ColumnSort {
            column: Column::Login,
            descending: false
        })
    );
}
