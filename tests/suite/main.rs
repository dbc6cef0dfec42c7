//! The integration suite, one test binary: each module drives the real server over HTTP (or
//! the real binary, for the command line) on SQLite and on PostgreSQL. One binary rather than
//! one per file, because each binary links the whole application and its dependencies again.

#[macro_use]
mod common;

mod accounts;
mod agreements;
mod bad_input;
mod browser;
mod cases;
mod cli;
mod counterparts;
mod demo;
mod email;
mod email_surface;
mod follows;
mod migrations;
mod playbook_policy;
mod playbooks;
mod policy_matrix;
mod security;
mod surfaces;
