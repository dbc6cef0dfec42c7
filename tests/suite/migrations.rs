//! The embedded migrations, walked one at a time on both backends: every `up` changes the
//! schema, every `down` restores exactly the schema from before its `up`, and the SQLite and
//! PostgreSQL folders hold the same migrations.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Backend, TestDatabase};
use diesel::backend::Backend as DieselBackend;
use diesel::migration::{MigrationSource, MigrationVersion};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::MigrationHarness;
use twinwise::db::{DatabaseUrl, Db, DbConn, DbError, migrations_for, write_transaction};

/// One line of a schema fingerprint.
#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

const SQLITE_FINGERPRINT: &str = "\
    SELECT type || '|' || name || '|' || tbl_name || '|' || coalesce(sql, '') AS line \
    FROM sqlite_master \
    WHERE name NOT LIKE 'sqlite_%' AND name != '__diesel_schema_migrations' \
    ORDER BY name";

const POSTGRES_FINGERPRINT: &str = "\
    SELECT line FROM ( \
      SELECT 'column|' || table_name || '|' || column_name || '|' || data_type || '|' \
             || is_nullable || '|' || coalesce(column_default, '') AS line \
        FROM information_schema.columns \
       WHERE table_schema = 'public' AND table_name != '__diesel_schema_migrations' \
      UNION ALL \
      SELECT 'index|' || tablename || '|' || indexname || '|' || indexdef \
        FROM pg_indexes \
       WHERE schemaname = 'public' AND tablename != '__diesel_schema_migrations' \
      UNION ALL \
      SELECT 'constraint|' || rel.relname || '|' || con.conname || '|' \
             || pg_get_constraintdef(con.oid) \
        FROM pg_constraint con \
        JOIN pg_class rel ON rel.oid = con.conrelid \
        JOIN pg_namespace ns ON ns.oid = rel.relnamespace \
       WHERE ns.nspname = 'public' AND rel.relname != '__diesel_schema_migrations' \
      UNION ALL \
      SELECT 'relation|' || c.relkind::text || '|' || c.relname \
        FROM pg_class c \
        JOIN pg_namespace ns ON ns.oid = c.relnamespace \
       WHERE ns.nspname = 'public' AND c.relname NOT LIKE '__diesel_schema_migrations%' \
      UNION ALL \
      SELECT 'type|' || t.typname \
        FROM pg_type t \
        JOIN pg_namespace ns ON ns.oid = t.typnamespace \
       WHERE ns.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') \
         AND t.typname NOT LIKE '__diesel_schema_migrations%' \
    ) AS everything \
    ORDER BY line";

fn sqlite_fingerprint(conn: &mut SqliteConnection) -> Vec<String> {
    diesel::sql_query(SQLITE_FINGERPRINT)
        .load::<Line>(conn)
        .expect("read sqlite_master")
        .into_iter()
        .map(|l| l.line)
        .collect()
}

fn postgres_fingerprint(conn: &mut PgConnection) -> Vec<String> {
    diesel::sql_query(POSTGRES_FINGERPRINT)
        .load::<Line>(conn)
        .expect("read the catalog")
        .into_iter()
        .map(|l| l.line)
        .collect()
}

/// Runs each migration, reverts it, checks the schema, and runs it again to go on.
/// Returns the final fingerprint.
fn walk<DB, C>(
    conn: &mut C,
    backend: twinwise::db::Backend,
    fingerprint: fn(&mut C) -> Vec<String>,
) -> Vec<String>
where
    DB: DieselBackend,
    C: MigrationHarness<DB>,
    diesel_migrations::EmbeddedMigrations: MigrationSource<DB>,
{
    // `EmbeddedMigrations` is not `Copy`: each harness call gets its own (constant) value.
    let migrations = || migrations_for(backend);
    let all = MigrationSource::<DB>::migrations(&migrations()).expect("list migrations");
    assert!(!all.is_empty(), "no migrations for {backend:?}");
    let names: Vec<(String, MigrationVersion<'static>)> = all
        .iter()
        .map(|m| (m.name().to_string(), m.name().version().as_owned()))
        .collect();

    let empty = fingerprint(conn);
    assert!(
        empty.is_empty(),
        "a fresh database has no schema: {empty:#?}"
    );
    for (name, version) in &names {
        let before = fingerprint(conn);
        let ran = conn
            .run_next_migration(migrations())
            .unwrap_or_else(|e| panic!("up {name}: {e}"))
            .as_owned();
        assert_eq!(&ran, version, "migrations run in order: expected {name}");
        let after_up = fingerprint(conn);
        assert_ne!(before, after_up, "up of {name} changes the schema");

        let reverted = conn
            .revert_last_migration(migrations())
            .unwrap_or_else(|e| panic!("down {name}: {e}"));
        assert_eq!(reverted, ran, "down reverts the migration just run");
        let after_down = fingerprint(conn);
        assert_eq!(
            before, after_down,
            "down of {name} restores the schema from before its up"
        );

        // Up again: the same schema as the first time, and the walk goes on from there.
        conn.run_next_migration(migrations())
            .unwrap_or_else(|e| panic!("up {name} again: {e}"));
        assert_eq!(
            after_up,
            fingerprint(conn),
            "up of {name} after its down gives the same schema"
        );
    }
    assert!(
        !conn
            .has_pending_migration(migrations())
            .expect("pending migrations"),
        "every migration ran"
    );
    fingerprint(conn)
}

/// Walks the migrations on a fresh database; returns the final fingerprint.
fn walk_backend(backend: Backend) -> Vec<String> {
    let database = TestDatabase::new(backend);
    match &database.url {
        DatabaseUrl::Sqlite(path) => {
            let mut conn =
                SqliteConnection::establish(&path.to_string_lossy()).expect("open SQLite");
            walk(&mut conn, twinwise::db::Backend::Sqlite, sqlite_fingerprint)
        }
        DatabaseUrl::Postgres(url) => {
            let mut conn = PgConnection::establish(url).expect("connect to PostgreSQL");
            walk(
                &mut conn,
                twinwise::db::Backend::Postgres,
                postgres_fingerprint,
            )
        }
    }
}

/// The fingerprint of a database migrated by the application itself.
fn fingerprint_of(url: &DatabaseUrl) -> Vec<String> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            sqlite_fingerprint(&mut SqliteConnection::establish(&path.to_string_lossy()).unwrap())
        }
        DatabaseUrl::Postgres(url) => {
            postgres_fingerprint(&mut PgConnection::establish(url).unwrap())
        }
    }
}

async fn every_migration_down_restores_the_schema_before_its_up(backend: Backend) {
    let schema = walk_backend(backend);
    assert!(
        schema
            .iter()
            .any(|l| l.contains("outbox") && l.contains("dedupe_key")),
        "the fingerprint sees columns: {schema:#?}"
    );
    assert!(
        schema.iter().any(|l| l.contains("outbox_due")),
        "the fingerprint sees indexes: {schema:#?}"
    );
}

async fn app_migrate_matches_the_walk_and_is_idempotent(backend: Backend) {
    let walked = walk_backend(backend);

    let database = TestDatabase::new(backend);
    let db = twinwise::db::Db::connect(&database.url).expect("connect");
    db.migrate().expect("migrate");
    let once = fingerprint_of(&database.url);
    db.migrate().expect("migrating again is a no-op");
    assert_eq!(once, fingerprint_of(&database.url));
    assert_eq!(
        walked, once,
        "one-by-one and all-at-once give the same schema"
    );

    // The tables the application queries are there and usable.
    let mut conn = db.get().unwrap();
    assert!(twinwise::db::users::none_exist(&mut conn).unwrap());
    assert!(
        twinwise::db::outbox::to_address(&mut conn, "nobody@example.org")
            .unwrap()
            .is_empty()
    );
}

fn folder_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn sqlite_and_postgres_folders_hold_the_same_migrations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let sqlite = folder_names(&root.join("sqlite"));
    let postgres = folder_names(&root.join("postgres"));
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres, "the two folders differ");
    for name in &sqlite {
        for backend in ["sqlite", "postgres"] {
            for file in ["up.sql", "down.sql"] {
                let path = root.join(backend).join(name).join(file);
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert!(!text.trim().is_empty(), "{} is empty", path.display());
            }
        }
    }

    // What is embedded in the binary matches the folders.
    let embedded = |backend| -> BTreeSet<String> {
        let source = migrations_for(backend);
        let names: Vec<String> = match backend {
            twinwise::db::Backend::Sqlite => {
                MigrationSource::<diesel::sqlite::Sqlite>::migrations(&source)
                    .unwrap()
                    .iter()
                    .map(|m| m.name().to_string())
                    .collect()
            }
            twinwise::db::Backend::Postgres => {
                MigrationSource::<diesel::pg::Pg>::migrations(&source)
                    .unwrap()
                    .iter()
                    .map(|m| m.name().to_string())
                    .collect()
            }
        };
        names.into_iter().collect()
    };
    assert_eq!(embedded(twinwise::db::Backend::Sqlite), sqlite);
    assert_eq!(embedded(twinwise::db::Backend::Postgres), postgres);
}

fn add_city(conn: &mut DbConn, name: &str) -> QueryResult<usize> {
    use twinwise::db::schema::cities::dsl as c;
    diesel::insert_into(c::cities)
        .values((
            c::id.eq(twinwise::db::new_id()),
            c::name.eq(name),
            c::name_key.eq(name.to_lowercase()),
            c::country_code.eq("SE"),
            c::created_at.eq(twinwise::db::now()),
        ))
        .execute(conn)
}

fn city_names(db: &Db) -> Vec<String> {
    use twinwise::db::schema::cities::dsl as c;
    c::cities
        .select(c::name)
        .order(c::name)
        .load(&mut *db.get().unwrap())
        .unwrap()
}

async fn a_panic_inside_a_write_transaction_leaves_every_pooled_connection_writable(
    backend: Backend,
) {
    let database = TestDatabase::new(backend);
    let db = Db::connect(&database.url).expect("connect");
    db.migrate().expect("migrate");

    // A panic on a blocking database thread, after the transaction has written.
    let outcome = db
        .run(|conn| {
            write_transaction(conn, |conn| {
                add_city(conn, "Panicked")?;
                panic!("a bug inside a transaction");
                #[allow(unreachable_code)]
                Ok::<_, DbError>(())
            })
        })
        .await;
    assert!(matches!(outcome, Err(DbError::Cancelled)), "{outcome:?}");

    // A panic caught on the same thread: the connection itself must come back clean.
    let mut conn = db.get().unwrap();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = write_transaction(&mut conn, |conn| {
            add_city(conn, "Caught")?;
            panic!("caught by the caller");
            #[allow(unreachable_code)]
            Ok::<_, diesel::result::Error>(())
        });
    }));
    assert!(caught.is_err());
    add_city(&mut conn, "After the caught panic").expect("the same connection writes");
    drop(conn);

    // Every connection of the pool, all held at once, writes and commits. A connection
    // still inside `BEGIN IMMEDIATE` would make the others wait out the busy timeout and fail.
    let mut held: Vec<_> = (0..db.max_connections())
        .map(|_| db.get().expect("a pooled connection"))
        .collect();
    for (i, conn) in held.iter_mut().enumerate() {
        write_transaction(conn, |conn| add_city(conn, &format!("Written {i:02}")))
            .unwrap_or_else(|e| panic!("connection {i} cannot write: {e}"));
    }
    drop(held);

    let names = city_names(&db);
    assert!(
        !names.iter().any(|n| n == "Panicked" || n == "Caught"),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == "After the caught panic"));
    assert_eq!(
        names.iter().filter(|n| n.starts_with("Written")).count(),
        db.max_connections() as usize,
        "every write was committed: {names:?}"
    );
}

backend_tests!(
    every_migration_down_restores_the_schema_before_its_up,
    app_migrate_matches_the_walk_and_is_idempotent,
    a_panic_inside_a_write_transaction_leaves_every_pooled_connection_writable,
);
