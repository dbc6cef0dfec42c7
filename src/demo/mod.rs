//! Demo data: member cities and one account of each role, with printed sign-in details.

use diesel::Connection;

use crate::accounts::AccountError;
use crate::accounts::admin::{Provisioned, provision};
use crate::auth::password::hash_blocking;
use crate::db::{DbConn, cities, users};
use crate::domain::{CityName, Country, DisplayName, EmailAddress, NewPassword, Role};

/// Member cities with partnerships or friendship ties to Chinese cities.
const CITIES: &[(&str, &str)] = &[
    ("Prague", "CZ"),
    ("Hamburg", "DE"),
    ("Gothenburg", "SE"),
    ("Rotterdam", "NL"),
    ("Lyon", "FR"),
    ("Milan", "IT"),
    ("Vienna", "AT"),
    ("Kraków", "PL"),
    ("Vilnius", "LT"),
    ("Edinburgh", "GB"),
    ("Toronto", "CA"),
    ("Seattle", "US"),
];

struct DemoAccount {
    email: &'static str,
    name: &'static str,
    city: &'static str,
    country: &'static str,
    position: &'static str,
    role: Role,
    password: &'static str,
}

/// Demo passwords are printed on purpose: they exist only in demo databases.
const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "admin@demo.twinwise.example",
        name: "Alex Admin",
        city: "Vienna",
        country: "AT",
        position: "Platform administrator",
        role: Role::Admin,
        password: "copper lantern orbit 7",
    },
    DemoAccount {
        email: "moderator@demo.twinwise.example",
        name: "Maria Moderator",
        city: "Hamburg",
        country: "DE",
        position: "Head of international relations",
        role: Role::Moderator,
        password: "velvet quarry meadow 4",
    },
    DemoAccount {
        email: "member@demo.twinwise.example",
        name: "Jan Member",
        city: "Prague",
        country: "CZ",
        position: "International affairs officer",
        role: Role::Member,
        password: "harbor thistle canyon 9",
    },
];

/// Seeds the demo data; accounts that exist already are left alone.
pub fn seed(conn: &mut DbConn) -> Result<String, AccountError> {
    let mut lines = vec!["Demo data is loaded. Sign in with:".to_owned()];
    conn.transaction(|conn| {
        for (name, code) in CITIES {
            let city = CityName::parse(name)
                .map_err(|e| AccountError::Db(crate::db::DbError::Migration(e.to_string())))?;
            let country = Country::from_code(code).ok_or(AccountError::NoSuchAccount)?;
            cities::find_or_create(conn, &city, country)?;
        }
        for account in ACCOUNTS {
            lines.push(format!(
                "  {:<10} {:<34} password: {}",
                account.role.label(),
                account.email,
                account.password
            ));
            let email = EmailAddress::parse(account.email).expect("demo email is valid");
            if users::email_taken(conn, email.as_str())? {
                continue;
            }
            let name = DisplayName::parse(account.name).expect("demo name is valid");
            let city = CityName::parse(account.city).expect("demo city is valid");
            let country = Country::from_code(account.country).expect("demo country is listed");
            let password = NewPassword::parse(account.password, account.email, account.name)
                .expect("demo password meets the rules");
            let hash = hash_blocking(&password)
                .map_err(|e| AccountError::Db(crate::db::DbError::Migration(e.to_string())))?;
            provision(
                conn,
                &Provisioned {
                    email: &email,
                    name: &name,
                    city: &city,
                    country,
                    position: account.position,
                    role: account.role,
                    password_hash: &hash,
                },
                None,
            )?;
        }
        Ok::<_, AccountError>(())
    })?;
    Ok(lines.join("\n"))
}

/// Seeds only a database without accounts (for `serve --demo`); returns the summary if it did.
pub fn seed_if_empty(conn: &mut DbConn) -> Result<Option<String>, AccountError> {
    if users::none_exist(conn)? {
        seed(conn).map(Some)
    } else {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_accounts_meet_the_rules() {
        for account in ACCOUNTS {
            assert!(EmailAddress::parse(account.email).is_ok());
            assert!(
                NewPassword::parse(account.password, account.email, account.name).is_ok(),
                "{}",
                account.password
            );
        }
        for (name, code) in CITIES {
            assert!(CityName::parse(name).is_ok());
            assert!(Country::from_code(code).is_some());
        }
    }
}
