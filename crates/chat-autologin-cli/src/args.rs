//! The command line, as clap parses it. No token rules live here: numbers are
//! only parsed, and the core decides whether they are acceptable.

use std::path::PathBuf;

use chat_autologin::rules;
use clap::{Args, Parser, Subcommand};

const LONG_ABOUT: &str = "\
Mint, verify and inspect the tokens that log website visitors into the Chat for \
Jira Service Management widget (\"auto-login on website\").

A token is an HS256 JWT {email, displayName, iat, exp} signed with the service desk \
project's secret key, used exactly as typed (never base64- or hex-decoded).

The secret is never given as an argument, where it would show in `ps` and in shell \
history: put it in an environment variable and pass --secret-env VAR, or in a file \
and pass --secret-file PATH.

`chat-autologin serve` runs a local stand-in for the chat widget's login side, so \
that a site's auto-login can be tried without a live service desk: see \
`chat-autologin serve --help`.

Exit status: 0 on success; 1 when a token or an input is refused, with \
`error: <code>: <message>` on stderr (or {\"error\":{\"code\",\"message\"}} on stdout \
with --json); 2 on a usage error.";

const AFTER_HELP: &str = "\
Examples:
  read -rs CHAT_AUTOLOGIN_SECRET && export CHAT_AUTOLOGIN_SECRET     # paste the project's secret key
  chat-autologin mint --email ada@example.com --name 'Ada Lovelace' --secret-env CHAT_AUTOLOGIN_SECRET
  chat-autologin verify \"$TOKEN\" --secret-env CHAT_AUTOLOGIN_SECRET --json
  chat-autologin inspect \"$TOKEN\"
  chat-autologin serve --secret-env CHAT_AUTOLOGIN_SECRET     # the widget emulator on port 8787";

/// Mint, verify and inspect Chat for Jira Service Management auto-login tokens.
#[derive(Debug, Parser)]
#[command(
    name = "chat-autologin",
    version,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    propagate_version = true
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Mint a token for one visitor and print it.
    #[command(
        long_about = "Mint a token for one visitor and print it, followed by a newline, on \
                      stdout. iat is --now (or the system clock) rounded down to whole \
                      seconds, and exp is iat + --ttl."
    )]
    Mint(MintArgs),
    /// Verify a token's signature and times, and print its claims.
    #[command(
        long_about = "Verify a token as the chat does: its structure, its algorithm \
                      (HS256), its signature against one or more secrets, its claims and its \
                      times. Prints a short summary of the claims, or the claims as JSON with \
                      --json."
    )]
    Verify(VerifyArgs),
    /// Diagnose a token: would the chat accept it, and which usual mistake made it.
    #[command(
        long_about = "Diagnose a token: the verdict first (would the chat accept it, with the \
                      default leeway and maximum lifetime; if not, the one reason), then every \
                      other finding, each with a stable code and what to change in the code \
                      that minted the token: a token pasted with quotes, Bearer, whitespace or \
                      URL-encoding (repaired, and the token inside diagnosed), timestamps in \
                      milliseconds or as strings, exp before iat, a lifetime over a day, a \
                      clock skew; with secrets, the usual signing mistakes (the secret base64- \
                      or hex-decoded, with a newline, quoted, UTF-16, a re-serialized payload). \
                      Then the header, the claims and the times. Nothing here is trusted: \
                      anybody can write a token that decodes. Exits 0 whenever the token (or \
                      the token inside the paste) can be decoded, whatever the verdict."
    )]
    Inspect(InspectArgs),
    /// Run a local emulator of the chat widget's login side, for testing a site.
    #[command(long_about = crate::serve::LONG_ABOUT, after_help = crate::serve::AFTER_HELP)]
    Serve(ServeArgs),
}

/// A number of seconds; whether it is acceptable is the core's decision.
fn seconds(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .map_err(|_| format!("expected a number of seconds, such as 300, not {text:?}"))
}

#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("secret").required(true).multiple(false).args(["secret_env", "secret_file"])
))]
pub(crate) struct MintArgs {
    #[arg(long, value_name = "EMAIL", help = format!(
        "The visitor's email, exactly as the chat should see it ({} to {} bytes, one '@')",
        rules::MIN_EMAIL_BYTES,
        rules::MAX_EMAIL_BYTES
    ))]
    pub(crate) email: String,

    #[arg(long, value_name = "NAME", help = format!(
        "The visitor's display name, as the chat should show it (1 to {} characters)",
        rules::MAX_DISPLAY_NAME_CHARS
    ))]
    pub(crate) name: String,

    #[arg(
        long,
        value_name = "SECONDS",
        help = format!(
            "How long the token is valid, in whole seconds ({} to {})",
            rules::MIN_TTL_SECS,
            rules::MAX_TTL_SECS
        ),
        default_value_t = f64::from(rules::DEFAULT_TTL_SECS),
        value_parser = seconds,
        allow_negative_numbers = true
    )]
    pub(crate) ttl: f64,

    /// Read the secret from the environment variable VAR.
    #[arg(long, value_name = "VAR")]
    pub(crate) secret_env: Option<String>,

    /// Read the secret from the file at PATH (its bytes, one trailing newline dropped).
    #[arg(long, value_name = "PATH")]
    pub(crate) secret_file: Option<PathBuf>,

    /// Mint as if the time were T, in seconds since the Unix epoch (default: now).
    #[arg(long, value_name = "T", value_parser = seconds, allow_negative_numbers = true)]
    pub(crate) now: Option<f64>,
}

#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("secret").required(true).multiple(true).args(["secret_env", "secret_file"])
))]
pub(crate) struct VerifyArgs {
    /// The token to verify, or '-' to read it from stdin (one trailing newline dropped).
    #[arg(value_name = "TOKEN")]
    pub(crate) token: String,

    #[command(flatten)]
    pub(crate) secrets: SecretArgs,

    #[command(flatten)]
    pub(crate) rules: RuleArgs,

    /// Verify as if the time were T, in seconds since the Unix epoch (default: now).
    #[arg(long, value_name = "T", value_parser = seconds, allow_negative_numbers = true)]
    pub(crate) now: Option<f64>,

    /// Print the claims as JSON ({"email","displayName","iat","exp"}), and a failure
    /// as {"error":{"code","message"}} on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// The token to inspect, or '-' to read it from stdin (one trailing newline dropped).
    #[arg(value_name = "TOKEN")]
    pub(crate) token: String,

    /// Print the diagnosis as JSON, {"verdict":{"accepted","code","message"},
    /// "signature","signer","findings":[{"code","message"}],"header","claims","now"},
    /// and a failure as {"error":{"code","message"}} on stdout.
    #[arg(long)]
    pub(crate) json: bool,

    /// Judge the token's times as if the time were T, in seconds since the Unix
    /// epoch (default: now).
    #[arg(long, value_name = "T", value_parser = seconds, allow_negative_numbers = true)]
    pub(crate) now: Option<f64>,

    /// Also check the signature against the secret in the environment variable VAR,
    /// and name the usual mistake when it does not match; may be repeated.
    #[arg(long, value_name = "VAR")]
    pub(crate) secret_env: Vec<String>,

    /// Also check the signature against the secret in the file at PATH (its bytes,
    /// one trailing newline dropped); may be repeated.
    #[arg(long, value_name = "PATH")]
    pub(crate) secret_file: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("secret").required(true).multiple(true).args(["secret_env", "secret_file"])
))]
pub(crate) struct ServeArgs {
    /// The port to listen on; 0 picks a free one (the URL printed says which).
    #[arg(long, value_name = "PORT", default_value_t = 8787)]
    pub(crate) port: u16,

    /// The address to listen on. Keep the loopback default unless another machine
    /// must reach the emulator.
    #[arg(long, value_name = "HOST", default_value = "127.0.0.1")]
    pub(crate) host: String,

    #[command(flatten)]
    pub(crate) secrets: SecretArgs,

    #[arg(
        long,
        value_name = "SECONDS",
        help = format!(
            "Refuse the logins of an email not seen before with user_not_ready (HTTP 503) \
             until this many seconds have passed since its first valid token, as the chat \
             does while it creates a new user (0 to {}; default 0, off)",
            crate::serve::MAX_NEW_USER_DELAY_SECS
        ),
        default_value_t = 0.0,
        hide_default_value = true,
        value_parser = seconds,
        allow_negative_numbers = true
    )]
    pub(crate) new_user_delay: f64,

    #[command(flatten)]
    pub(crate) rules: RuleArgs,
}

/// The secrets a token may be signed with: `verify` and `serve` need at least one.
#[derive(Debug, Args)]
pub(crate) struct SecretArgs {
    /// Accept tokens signed with the secret in the environment variable VAR; repeat
    /// to accept several secrets (during a rotation).
    #[arg(long, value_name = "VAR")]
    pub(crate) secret_env: Vec<String>,

    /// Accept tokens signed with the secret in the file at PATH (its bytes, one
    /// trailing newline dropped); repeat to accept several secrets.
    #[arg(long, value_name = "PATH")]
    pub(crate) secret_file: Vec<PathBuf>,
}

/// How strictly `verify` and `serve` judge a token's times.
#[derive(Debug, Args)]
pub(crate) struct RuleArgs {
    #[arg(
        long,
        value_name = "SECONDS",
        help = format!(
            "Clock skew to forgive on exp and iat, in seconds (0 to {})",
            rules::MAX_LEEWAY_SECS
        ),
        default_value_t = rules::DEFAULT_LEEWAY_SECS,
        value_parser = seconds,
        allow_negative_numbers = true
    )]
    pub(crate) leeway: f64,

    #[arg(
        long,
        value_name = "SECONDS",
        help = format!(
            "The longest exp - iat accepted, in seconds (1 to {})",
            rules::MAX_LIFETIME_SECS
        ),
        default_value_t = rules::MAX_LIFETIME_SECS,
        value_parser = seconds,
        allow_negative_numbers = true
    )]
    pub(crate) max_lifetime: f64,
}
