//! The partnerships registry: rows, the policy's SQL mirror, lists.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::city_records::city_record_mirror;
use super::schema::{cities, partnership_audience, partnerships};
use crate::domain::agreement::{PartnershipKind, PartnershipStatus};
use crate::domain::policy::CityRecord;
use crate::domain::sensitivity::Tlp;

city_record_mirror!(partnerships, partnership_audience, partnership_id);

/// One row of `partnerships`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = partnerships)]
#[diesel(treat_none_as_null = true)]
pub struct PartnershipRow {
    pub id: String,
    pub city_id: String,
    pub counterpart_city: String,
    pub counterpart_province: String,
    pub counterpart_country: String,
    pub kind: String,
    pub since: String,
    pub status: String,
    pub status_on: String,
    pub status_reason: String,
    pub case_id: Option<String>,
    pub sources: String,
    pub tlp: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl PartnershipRow {
    /// Unknown text reads as RED, the most restrictive level.
    pub fn tlp(&self) -> Tlp {
        Tlp::parse(&self.tlp).unwrap_or(Tlp::Red)
    }

    pub fn kind(&self) -> PartnershipKind {
        PartnershipKind::parse(&self.kind).unwrap_or(PartnershipKind::Other)
    }

    pub fn status(&self) -> PartnershipStatus {
        PartnershipStatus::parse(&self.status).unwrap_or(PartnershipStatus::Active)
    }

    /// What the policy needs, given the AMBER audience.
    pub fn record<'a>(&'a self, audience: &'a [String]) -> CityRecord<'a> {
        CityRecord {
            city_id: &self.city_id,
            tlp: self.tlp(),
            audience,
        }
    }

    /// The sources, one per line.
    pub fn source_list(&self) -> Vec<&str> {
        self.sources
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect()
    }
}

/// A partnership with its city's name and country.
#[derive(Debug, Clone)]
pub struct Listed {
    pub row: PartnershipRow,
    pub city: String,
    pub country_code: String,
}

/// Filters of `/partnerships`, all in the URL.
#[derive(Debug, Clone, Default)]
pub struct PartnershipFilter {
    pub status: Option<PartnershipStatus>,
    pub country: Option<String>,
    pub city_id: Option<String>,
}

fn filtered<'a>(
    reader: crate::domain::policy::Reader<'_>,
    filter: &PartnershipFilter,
) -> partnerships::BoxedQuery<'a, super::DbBackend> {
    let mut query = partnerships::table.filter(readable(reader)).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(partnerships::status.eq(status.as_str()));
    }
    if let Some(city) = &filter.city_id {
        query = query.filter(partnerships::city_id.eq(city.clone()));
    }
    if let Some(country) = &filter.country {
        let in_country = cities::table
            .filter(cities::id.eq(partnerships::city_id))
            .filter(cities::country_code.eq(country.clone()));
        query = query.filter(diesel::dsl::exists(in_country));
    }
    query
}

/// One page of the partnerships the reader may see, by city then counterpart, and the total.
pub fn list(
    conn: &mut DbConn,
    reader: crate::domain::policy::Reader<'_>,
    filter: &PartnershipFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Listed>, i64)> {
    let total = filtered(reader, filter).count().get_result(conn)?;
    let ids: Vec<String> = filtered(reader, filter)
        .inner_join(cities::table)
        .order((
            cities::name.asc(),
            partnerships::counterpart_city.asc(),
            partnerships::id.asc(),
        ))
        .select(partnerships::id)
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((with_cities(conn, &ids)?, total))
}

/// These partnerships with their cities, in the order given.
fn with_cities(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Listed>> {
    let rows: Vec<(PartnershipRow, (String, String))> = partnerships::table
        .inner_join(cities::table)
        .filter(partnerships::id.eq_any(ids))
        .select((
            PartnershipRow::as_select(),
            (cities::name, cities::country_code),
        ))
        .load(conn)?;
    let mut listed: Vec<Listed> = rows
        .into_iter()
        .map(|(row, (city, country_code))| Listed {
            row,
            city,
            country_code,
        })
        .collect();
    listed.sort_by_key(|l| ids.iter().position(|id| *id == l.row.id));
    Ok(listed)
}

/// One partnership with its city, whoever may read it.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Listed>> {
    Ok(with_cities(conn, &[id.to_owned()])?.pop())
}

/// The partnerships of one city, for the agreement form's choice.
pub fn of_city(conn: &mut DbConn, city_id: &str) -> QueryResult<Vec<PartnershipRow>> {
    partnerships::table
        .filter(partnerships::city_id.eq(city_id))
        .order(partnerships::counterpart_city.asc())
        .select(PartnershipRow::as_select())
        .load(conn)
}

/// True when the city already records this counterpart city with this kind (other than `except`).
pub fn duplicate(
    conn: &mut DbConn,
    city_id: &str,
    counterpart_city: &str,
    kind: &str,
    except: Option<&str>,
) -> QueryResult<bool> {
    let mut query = partnerships::table
        .filter(partnerships::city_id.eq(city_id))
        .filter(partnerships::counterpart_city.eq(counterpart_city))
        .filter(partnerships::kind.eq(kind))
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(partnerships::id.ne(id.to_owned()));
    }
    Ok(query
        .select(partnerships::id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Inserts a partnership.
pub fn insert(conn: &mut DbConn, row: &PartnershipRow) -> QueryResult<()> {
    diesel::insert_into(partnerships::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Replaces a partnership's fields.
pub fn update(conn: &mut DbConn, row: &PartnershipRow) -> QueryResult<()> {
    diesel::update(partnerships::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(|_| ())
}
