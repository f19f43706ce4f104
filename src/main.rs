use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::Parser;
use tessera::cli::{Cli, Command};
use tessera::{Application, Settings, StartupError};

/// mimalloc gives freed memory back to the system shortly after a burst (glibc's allocator keeps most of it in
/// its per-thread arenas: ~440 MB stayed after 200 parallel 900 KB uploads). `bench/memory.py` measures it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The logger takes its format from the settings; settings that do not load are reported in the default one.
    let settings = Settings::load();
    let format = settings.as_ref().map(|s| s.log.format).unwrap_or_default();
    tessera::logging::init(format);
    tessera_kernel::http::panics::install_hook();
    match settings
        .map_err(StartupError::from)
        .and_then(|settings| run(cli.command, settings))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            log::error!("{e}");
            eprintln!("tessera: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Option<Command>, mut settings: Settings) -> Result<(), StartupError> {
    match command {
        Some(Command::NewModule(args)) => {
            let name = args.name.clone();
            let written = args
                .write(std::path::Path::new("."))
                .map_err(StartupError::Usage)?;
            for path in written {
                eprintln!("wrote {}", path.display());
            }
            eprintln!("registered {name} in Cargo.toml, src/modules.rs and tests/api/main.rs");
            eprintln!("next: cargo run -- makemigrations {name} && cargo test {name}::, then restart tessera");
            Ok(())
        }
        Some(Command::Makemigrations {
            modules,
            check,
            empty,
        }) => {
            let options = tessera::makemigrations::Options {
                modules,
                check,
                empty,
            };
            let report = tessera::makemigrations::run(
                std::path::Path::new("."),
                tessera::modules::MODULES,
                &options,
            )
            .map_err(StartupError::Usage)?;
            for line in report {
                eprintln!("{line}");
            }
            Ok(())
        }
        Some(Command::Events { modules, resubmit }) => {
            settings.server.modules = pick(modules, settings.server.modules);
            print!("{}", tessera::events::command::run(&settings, resubmit)?);
            Ok(())
        }
        Some(Command::Openapi) => {
            println!("{}", tessera::openapi_json(&settings));
            Ok(())
        }
        Some(Command::Migrate { modules }) => {
            settings.server.modules = pick(modules, settings.server.modules);
            tessera::migrate(&settings)
        }
        Some(Command::Createuser { username, staff }) => {
            let password = read_password().map_err(StartupError::Usage)?;
            let id = tessera::create_user(&settings, &username, &password, staff)?;
            eprintln!(
                "created user {username} (id {id}{})",
                if staff { ", staff" } else { "" }
            );
            Ok(())
        }
        Some(Command::Serve { modules }) => {
            settings.server.modules = pick(modules, settings.server.modules);
            serve(settings)
        }
        None => serve(settings),
    }
}

/// The password from a prompt on a terminal (asked twice), else the first line of standard input.
fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Password (again): ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the passwords do not match".into());
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
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
