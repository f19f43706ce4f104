//! The command line: `tessera [serve]`, `tessera migrate`, `tessera makemigrations`, `tessera openapi`, ...

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "tessera",
    version,
    about = "A modular-monolith REST service with Django REST framework's contract"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (the default when no command is given).
    Serve {
        /// Serve only these modules (comma-separated); overrides APP__SERVER__MODULES.
        #[arg(long, value_delimiter = ',')]
        modules: Vec<String>,
    },
    /// Apply each module's pending migrations to its own database, then exit.
    Migrate {
        /// Migrate only these modules (comma-separated).
        #[arg(long, value_delimiter = ',')]
        modules: Vec<String>,
    },
    /// List the publications each module's outbox holds back (pending and failed), and with a broker what each
    /// consuming module has yet to handle; --resubmit makes every failed publication pending again.
    Events {
        /// Only these modules (comma-separated).
        #[arg(long, value_delimiter = ',')]
        modules: Vec<String>,
        /// Make every failed publication pending again, due now, with its attempts reset: the running relay then
        /// delivers it.
        #[arg(long)]
        resubmit: bool,
    },
    /// Print the OpenAPI document of every module, for client generators.
    Openapi,
    /// Compare each module's declarations with the state its migrations record (migrations/<module>/schema.json)
    /// and write the difference as the next migration for SQLite, PostgreSQL and MySQL. Run from the repository
    /// root; needs no database.
    Makemigrations {
        /// Only these modules (all when none are named).
        modules: Vec<String>,
        /// Write nothing; exit non-zero, naming the modules, when declarations and migrations differ.
        #[arg(long)]
        check: bool,
        /// Write an empty migration of this name, for SQL written by hand (a data migration).
        #[arg(long, value_name = "NAME")]
        empty: Option<String>,
    },
    /// Generate a module: its crate (one declaration of one or more models), its test, and its registration. Run
    /// from the repository root, then `tessera makemigrations <name>`, `cargo test <name>::` and restart.
    NewModule(crate::scaffold::NewModuleArgs),
    /// Create a user in the accounts module. The password is read from standard input (a prompt on a terminal),
    /// never from the command line.
    Createuser {
        username: String,
        /// Staff may write to staff-only modules and see every user's orders.
        #[arg(long)]
        staff: bool,
    },
}
