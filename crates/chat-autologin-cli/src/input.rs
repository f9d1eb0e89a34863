//! Reading secrets, and tokens from stdin. Whether a secret is acceptable is the
//! core's decision; this module only fetches the bytes, and its messages name
//! where a secret was looked for, never what it holds.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use chat_autologin::rules;
use zeroize::Zeroizing;

use crate::Failure;

/// A secret and where it came from (never what it is). Its bytes are wiped
/// when it is dropped; the core keeps only the prepared key, wiped likewise.
pub(crate) struct Secret {
    /// `--secret-env NAME` or `--secret-file PATH`, for messages.
    pub(crate) source: String,
    pub(crate) bytes: Zeroizing<Vec<u8>>,
}

/// Reads the secrets named by `--secret-env` and `--secret-file`, environment
/// variables first, each kind in the order given. Their order does not change the
/// outcome: a token is accepted when any of them signed it.
pub(crate) fn read_all(env_vars: &[String], files: &[PathBuf]) -> Result<Vec<Secret>, Failure> {
    let from_env = env_vars.iter().map(|name| {
        Ok(Secret {
            source: format!("--secret-env {}", shown(name)),
            bytes: from_env(name)?,
        })
    });
    let from_files = files.iter().map(|path| {
        Ok(Secret {
            source: format!("--secret-file {}", shown(&path.to_string_lossy())),
            bytes: from_file(path)?,
        })
    });
    from_env.chain(from_files).collect()
}

/// The value of the environment variable `name`, as bytes (a copy: the
/// process environment keeps its own, which is not ours to wipe).
pub(crate) fn from_env(name: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let named = format!("{} (named by --secret-env)", shown(name));
    if name.is_empty() {
        return Err(Failure::Usage(
            "--secret-env needs the name of an environment variable, such as CHAT_AUTOLOGIN_SECRET"
                .to_owned(),
        ));
    }
    if name.contains(['=', '\0']) {
        return Err(Failure::Usage(format!(
            "the environment variable {named} cannot exist: a variable's name has no '=' or NUL"
        )));
    }
    let value = std::env::var_os(name).ok_or_else(|| {
        Failure::Usage(format!(
            "the environment variable {named} is not set; export it with the service desk \
             project's secret key"
        ))
    })?;
    if value.is_empty() {
        return Err(Failure::Usage(format!(
            "the environment variable {named} is empty; set it to the service desk project's \
             secret key"
        )));
    }
    os_string_bytes(value, &named).map(Zeroizing::new)
}

/// An argument that says where a secret is, for a message: itself when it is
/// too short to be a secret, else only its length. Someone may have passed
/// `--secret-env "$SECRET"` or `--secret-file "$SECRET"`, and a secret can
/// hold any character, `/` and `_` included: whatever it looks like, an
/// argument as long as a valid secret is never echoed.
fn shown(argument: &str) -> String {
    if argument.len() < rules::MIN_SECRET_BYTES {
        argument.to_owned()
    } else {
        format!(
            "<{} characters, not shown in case it is the secret itself>",
            argument.chars().count()
        )
    }
}

#[cfg(unix)]
fn os_string_bytes(value: OsString, _name: &str) -> Result<Vec<u8>, Failure> {
    use std::os::unix::ffi::OsStringExt;
    Ok(value.into_vec())
}

#[cfg(not(unix))]
fn os_string_bytes(value: OsString, shown: &str) -> Result<Vec<u8>, Failure> {
    value.into_string().map(String::into_bytes).map_err(|_| {
        Failure::Usage(format!(
            "the environment variable {shown} is not valid Unicode; \
             put a secret made of arbitrary bytes in a file and use --secret-file"
        ))
    })
}

/// The bytes of the file at `path`, without one trailing `\n` or `\r\n`.
pub(crate) fn from_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, Failure> {
    // `fs::read` sizes its buffer from the file's length: one allocation, no
    // copy of the secret left behind by a reallocation.
    let mut bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
        Failure::Usage(format!(
            "cannot read the secret file {} (named by --secret-file): {e}",
            shown(&path.to_string_lossy())
        ))
    })?);
    drop_one_newline(&mut bytes);
    Ok(bytes)
}

/// The token argument, or the token read from stdin when the argument is `-`.
pub(crate) fn token(argument: &str) -> Result<String, Failure> {
    if argument != "-" {
        return Ok(argument.to_owned());
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Usage(format!("cannot read the token from stdin: {e}")))?;
    drop_one_newline(&mut bytes);
    String::from_utf8(bytes)
        .map_err(|_| Failure::Usage("the token read from stdin is not UTF-8 text".to_owned()))
}

fn drop_one_newline(bytes: &mut Vec<u8>) {
    if bytes.ends_with(b"\r\n") {
        bytes.truncate(bytes.len() - 2);
    } else if bytes.ends_with(b"\n") {
        bytes.truncate(bytes.len() - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::drop_one_newline;

    #[test]
    fn drops_exactly_one_line_ending() {
        for (input, expected) in [
            (&b"abc\n"[..], &b"abc"[..]),
            (b"abc\r\n", b"abc"),
            (b"abc\n\n", b"abc\n"),
            (b"abc\r", b"abc\r"),
            (b"abc", b"abc"),
            (b"\n", b""),
        ] {
            let mut bytes = input.to_vec();
            drop_one_newline(&mut bytes);
            assert_eq!(bytes, expected);
        }
    }
}
