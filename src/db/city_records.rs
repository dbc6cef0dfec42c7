//! The SQL mirror of [`crate::domain::policy::can_read_city_record`], for every table of
//! records a city owns (agreements, partnerships): the levels as for cases, and the owning
//! city's members always. Tested against the policy function in `tests/suite/agreements.rs`.

/// Defines `readable(reader)` for a table with `id`, `city_id` and `tlp` columns and its
/// AMBER audience table.
macro_rules! city_record_mirror {
    ($table:ident, $audience:ident, $key:ident) => {
        /// A boolean condition on the table.
        pub type Predicate = Box<
            dyn diesel::expression::BoxableExpression<
                    $table::table,
                    $crate::db::DbBackend,
                    SqlType = diesel::sql_types::Bool,
                >,
        >;

        /// The SQL mirror of [`crate::domain::policy::can_read_city_record`].
        pub fn readable(reader: $crate::domain::policy::Reader<'_>) -> Predicate {
            use $crate::domain::policy::Reader;
            use $crate::domain::sensitivity::Tlp;
            match reader {
                Reader::Visitor => Box::new($table::tlp.eq(Tlp::Clear.as_str())),
                Reader::Member {
                    moderates: true, ..
                } => Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 1")),
                Reader::Member { city, country, .. } => {
                    let listed = $audience::table
                        .filter($audience::$key.eq($table::id))
                        .filter($audience::country_code.eq(country.to_owned()));
                    Box::new(
                        $table::city_id
                            .eq(city.to_owned())
                            .or($table::tlp.eq_any([Tlp::Clear.as_str(), Tlp::Green.as_str()]))
                            .or($table::tlp
                                .eq(Tlp::Amber.as_str())
                                .and(diesel::dsl::exists(listed))),
                    )
                }
            }
        }

        /// The AMBER audiences of these records, by id.
        pub fn audiences(
            conn: &mut $crate::db::DbConn,
            ids: &[String],
        ) -> diesel::QueryResult<std::collections::HashMap<String, Vec<String>>> {
            let mut out: std::collections::HashMap<String, Vec<String>> =
                std::collections::HashMap::new();
            for chunk in ids.chunks(500) {
                let rows: Vec<(String, String)> = $audience::table
                    .filter($audience::$key.eq_any(chunk))
                    .select(($audience::$key, $audience::country_code))
                    .order(($audience::$key, $audience::country_code))
                    .load(conn)?;
                for (id, code) in rows {
                    out.entry(id).or_default().push(code);
                }
            }
            Ok(out)
        }

        /// Replaces one record's AMBER audience.
        pub fn set_audience(
            conn: &mut $crate::db::DbConn,
            id: &str,
            codes: &[String],
        ) -> diesel::QueryResult<()> {
            diesel::delete($audience::table.filter($audience::$key.eq(id))).execute(conn)?;
            for code in codes {
                diesel::insert_into($audience::table)
                    .values(($audience::$key.eq(id), $audience::country_code.eq(code)))
                    .execute(conn)?;
            }
            Ok(())
        }
    };
}

pub(crate) use city_record_mirror;
