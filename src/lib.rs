//! Twinwise: a server-rendered workspace where city international-affairs offices share cases,
//! playbooks and agreement reviews about their relations with Chinese counterparts.

pub mod accounts;
pub mod agreements;
pub mod auth;
pub mod cache;
pub mod cases;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod email;
pub mod error;
pub mod jobs;
pub mod notifications;
pub mod playbooks;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
