use clap::Parser;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    twinwise::telemetry::init();
    let cli = twinwise::cli::Cli::parse();
    match twinwise::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("twinwise: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
