//! `diagnose`: NetWhy's core from the command line.
//!
//! ```text
//! diagnose --explain ERROR    one JSON line: what the catalogue says about ERROR
//! diagnose --explain --all    one JSON line per catalogue entry
//! diagnose REPORT.json        the ranked causes of a saved report, re-diagnosed
//! diagnose -                  the same, reading the report from standard input
//! ```
//!
//! ERROR is any spelling a browser reports: `net::ERR_CONNECTION_REFUSED`,
//! `NS_ERROR_CONNECTION_REFUSED`, `-102`, `0x804B000D`, `Error code 2152398861`,
//! or a Firefox security message. Texts are the English messages.

use std::io::Write;
use std::process::ExitCode;

use netwhy::catalog;
use netwhy::i18n::English;

const USAGE: &str = "usage: diagnose --explain ERROR\n       diagnose --explain --all\n       diagnose REPORT.json|-";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("--explain") => explain_command(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(path) if args.len() == 1 && (path == "-" || !path.starts_with('-')) => {
            replay_command(path)
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = stdout
                .write_all(output.as_bytes())
                .and_then(|()| stdout.flush());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// `--explain ERROR` or `--explain --all` (the arguments after `--explain`):
/// the JSON lines to print, each ending in a newline.
fn explain_command(args: &[String]) -> Result<String, String> {
    match args {
        [all] if all == "--all" => {
            let mut out = String::new();
            for entry in catalog::entries() {
                out.push_str(&explain_line(entry)?);
            }
            Ok(out)
        }
        [error] if !error.starts_with("--") => {
            let explanation = catalog::explain(error, &English);
            let mut line = serde_json::to_string(&explanation).map_err(|e| e.to_string())?;
            line.push('\n');
            Ok(line)
        }
        _ => Err(USAGE.to_owned()),
    }
}

/// `REPORT.json` or `-`: the report's failure and evidence diagnosed afresh.
fn replay_command(path: &str) -> Result<String, String> {
    let json = if path == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("reading standard input: {e}"))?
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("reading {path}: {e}"))?
    };
    let mut out = netwhy::views::report::replay(&json)?;
    out.push('\n');
    Ok(out)
}

/// The JSON line of one table entry (its name always finds exactly its own row).
fn explain_line(entry: &catalog::Entry) -> Result<String, String> {
    let explanation = catalog::explain(entry.name, &English);
    if explanation.name.as_deref() != Some(entry.name) {
        return Err(format!("{} does not explain as itself", entry.name));
    }
    let mut line = serde_json::to_string(&explanation).map_err(|e| e.to_string())?;
    line.push('\n');
    Ok(line)
}
