use std::process::ExitCode;

use clap::Parser;
use tessera::cli::{Cli, Command};
use tessera::{Application, Settings, StartupError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    if let Some(Command::Openapi) = cli.command {
        println!("{}", tessera::openapi_json());
        return ExitCode::SUCCESS;
    }
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            log::error!("{e}");
            eprintln!("tessera: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Option<Command>) -> Result<(), StartupError> {
    let mut settings = Settings::load()?;
    match command {
        Some(Command::Migrate { modules }) => {
            settings.server.modules = pick(modules, settings.server.modules);
            tessera::migrate(&settings)
        }
        Some(Command::Serve { modules }) => {
            settings.server.modules = pick(modules, settings.server.modules);
            serve(settings)
        }
        None | Some(Command::Openapi) => serve(settings),
    }
}

/// Modules named on the command line win over the configured ones.
fn pick(from_cli: Vec<String>, configured: Vec<String>) -> Vec<String> {
    if from_cli.is_empty() {
        configured
    } else {
        from_cli
    }
}

fn serve(settings: Settings) -> Result<(), StartupError> {
    actix_web::rt::System::new().block_on(async {
        let app = Application::build(settings).await?;
        app.run_until_stopped()
            .await
            .map_err(|cause| StartupError::Bind {
                address: "the listening socket".into(),
                cause,
            })
    })
}
