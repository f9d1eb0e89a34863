//! `chat-autologin`: mint, verify and inspect Chat for Jira Service Management
//! auto-login tokens from the command line, and run a local emulator of the
//! chat widget's login side (`serve`).
//!
//! Every rule is the core crate's; this binary only reads arguments, secrets and
//! clocks, and translates results and errors into output and exit statuses.

mod args;
mod commands;
mod describe;
mod input;
mod json;
mod serve;

use std::io::Write;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind as ClapErrorKind};
use clap::{CommandFactory, Parser};

use args::{Cli, Command};

/// Exit status when the core refused an input or a token.
const EXIT_REFUSED: u8 = 1;
/// Exit status of a usage error (clap's own, and ours for unreadable secrets).
const EXIT_USAGE: u8 = 2;

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The core refused something: exit 1, `error: <code>: <message>`.
    Refused(chat_autologin::Error),
    /// The command line could not be acted on (a secret that cannot be read, a
    /// token that cannot be read from standard input): exit 2.
    Usage(String),
    /// Something outside the command line failed (the emulator could not listen
    /// on its port): exit 1, `error: <message>`.
    Runtime(String),
}

impl From<chat_autologin::Error> for Failure {
    fn from(error: chat_autologin::Error) -> Failure {
        Failure::Refused(error)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_exit(error),
    };
    let (subcommand, json, result) = match &cli.command {
        Command::Mint(args) => ("mint", false, commands::mint(args)),
        Command::Verify(args) => ("verify", args.json, commands::verify(args)),
        Command::Inspect(args) => ("inspect", args.json, commands::inspect(args)),
        Command::Serve(args) => ("serve", false, serve::run(args)),
    };
    match result {
        Ok(output) => {
            if write_stdout(&output).is_err() {
                return ExitCode::from(EXIT_REFUSED);
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Refused(error)) => {
            if json {
                let _ = write_stdout(&json::error(&error));
            } else {
                // The message can quote part of the token: escaped.
                eprintln!(
                    "error: {}: {}",
                    error.code(),
                    describe::terminal(error.message())
                );
            }
            ExitCode::from(EXIT_REFUSED)
        }
        Err(Failure::Runtime(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_REFUSED)
        }
        Err(Failure::Usage(message)) => {
            let error = clap::Error::raw(ClapErrorKind::ValueValidation, message)
                .format(&mut command_named(Some(subcommand)));
            usage_exit(error)
        }
    }
}

fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Prints a clap error (or help, or the version) and returns its exit status.
///
/// An argument clap does not know is never echoed in full: it may be a secret
/// typed where it does not belong, such as `--secret=…` or a bare extra word.
fn usage_exit(error: clap::Error) -> ExitCode {
    let error = match redacted_unknown_argument(&error) {
        Some(message) => {
            let subcommand = std::env::args().nth(1);
            clap::Error::raw(ClapErrorKind::UnknownArgument, message)
                .format(&mut command_named(subcommand.as_deref()))
        }
        None => error,
    };
    let _ = error.print();
    match error.exit_code() {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::from(EXIT_USAGE),
    }
}

/// The built subcommand of that name, for its usage line, or the whole tool.
fn command_named(name: Option<&str>) -> clap::Command {
    let mut command = Cli::command();
    command.build();
    match name.and_then(|name| command.find_subcommand(name)) {
        Some(subcommand) => subcommand.clone(),
        None => command,
    }
}

fn redacted_unknown_argument(error: &clap::Error) -> Option<String> {
    if error.kind() != ClapErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(argument)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let secrets_hint = "the secret is never given as an argument (it would show in `ps` and \
                        in shell history): put it in an environment variable and pass \
                        --secret-env VAR, or in a file and pass --secret-file PATH";
    if !argument.starts_with('-') {
        return Some(format!(
            "unexpected extra argument (not shown, in case it is a secret); {secrets_hint}"
        ));
    }
    // clap shows only the flag of `--flag=value`; keep its message and suggestions.
    let flag = argument.split('=').next().unwrap_or(argument);
    if flag.starts_with("--secret") {
        return Some(format!("unexpected argument '{flag}'; {secrets_hint}"));
    }
    None
}
