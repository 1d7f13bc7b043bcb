//! PRIVACY.md promises numbers: how many records are kept, for how long, how
//! often the page re-checks, which addresses it probes (the README repeats
//! those). Each is read here from the constant or function
//! the code uses, so a change to one without the other fails this test.
//!
//! The sentences are matched with their whitespace collapsed, so rewrapping
//! the file changes nothing; rewording a sentence means updating it here too.

use std::fs;
use std::path::PathBuf;

use netwhy::evidence::loads;
use netwhy::evidence::probe;
use netwhy::policy::retention;
use netwhy::policy::settings::{Settings, MAX_RETRY_SECONDS, MIN_RETRY_SECONDS};
use netwhy::views::failure_list;

fn policy() -> String {
    read("PRIVACY.md")
}

/// `file` of the repository, its whitespace collapsed.
fn read(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{} can't be read: {err}", path.display()));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every sentence of PRIVACY.md that states a number, with the number the code has.
fn promises() -> Vec<String> {
    let hour_ms = 60.0 * 60.0 * 1000.0;
    assert_eq!(
        retention::MAX_AGE_MS % hour_ms,
        0.0,
        "PRIVACY.md says the record age in whole hours"
    );
    let default_max = Settings::default().max_retry_seconds;
    vec![
        format!("at most {} failure records", retention::MAX_RECORDS),
        format!("beyond the newest {}", retention::MAX_RECORDS),
        format!("older than {} hours", retention::MAX_AGE_MS / hour_ms),
        format!("at most {} recent page loads", loads::MAX_OUTCOMES),
        format!("at most {} per site (host and port)", loads::MAX_PER_SITE),
        format!(
            "the last {} failures it explained",
            failure_list::MAX_RECENT
        ),
        format!("host name (at most {} characters)", loads::MAX_HOST_LEN),
        format!("error (at most {} characters)", failure_list::MAX_ERROR_LEN),
        format!(
            "The first re-check comes after {} seconds",
            retention::retry_delay_ms(0, default_max) / 1000
        ),
        format!("up to {default_max} seconds by default"),
        format!("a longest pause between {MIN_RETRY_SECONDS} and {MAX_RETRY_SECONDS} seconds"),
        format!("at most {} re-checks for a page", retention::MAX_CHECKS),
        format!("the next {} ports", probe::NEXT_PORTS),
        format!("the usual development ports {}", dev_ports()),
        format!("at most {} addresses in all", probe::MAX_PROBES),
        format!(
            "given up after {} seconds",
            f64::from(probe::PROBE_TIMEOUT_MS) / 1000.0
        ),
        format!(
            "only to `{}`, `{}`",
            probe::IPV4_LOOPBACK,
            probe::IPV6_LOOPBACK.trim_matches(['[', ']'])
        ),
        "NetWhy asks no other addresses and no other ports.".to_owned(),
    ]
}

/// The usual development ports as a sentence lists them: "3000, 5173 and 5000".
fn dev_ports() -> String {
    let ports: Vec<String> = probe::DEV_PORTS.iter().map(u16::to_string).collect();
    match ports.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[test]
fn privacy_policy_states_the_numbers_the_code_uses() {
    let policy = policy();
    let broken: Vec<String> = promises()
        .into_iter()
        .filter(|promise| !policy.contains(promise.as_str()))
        .collect();
    assert!(
        broken.is_empty(),
        "PRIVACY.md no longer says (check the number against the code, then update the file or this test):\n  {}",
        broken.join("\n  ")
    );
}

/// The README's privacy section repeats the probes' numbers.
#[test]
fn the_readme_states_the_probes_the_code_makes() {
    let readme = read("README.md");
    let promises = [
        format!("at most {} other loopback addresses", probe::MAX_PROBES),
        format!("the next {} ports", probe::NEXT_PORTS),
        format!("the usual development ports {}", dev_ports()),
        format!(
            "abandoned after {} s",
            f64::from(probe::PROBE_TIMEOUT_MS) / 1000.0
        ),
    ];
    let broken: Vec<&String> = promises
        .iter()
        .filter(|promise| !readme.contains(promise.as_str()))
        .collect();
    assert!(broken.is_empty(), "README.md no longer says: {broken:?}");
}

#[test]
fn the_pauses_double_as_the_policy_says() {
    // "The first re-check comes after 2 seconds, then the pauses double".
    let first = retention::retry_delay_ms(0, 3600);
    assert_eq!(retention::retry_delay_ms(1, 3600), 2 * first);
    assert_eq!(retention::retry_delay_ms(2, 3600), 4 * first);
}
