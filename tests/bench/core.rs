//! Core throughput, natively: diagnoses per second over the report fixtures,
//! what the ring of recent loads costs per outcome as it fills up to
//! `MAX_OUTCOMES`, and the list of recent failures as it fills up to
//! `MAX_RECENT`. A std-only harness (`cargo bench --bench core`): prints
//! one JSON object per line for tests/bench/bench.mjs.

use std::hint::black_box;
use std::time::Instant;

use netwhy::catalog::Class;
use netwhy::diagnosis::diagnose;
use netwhy::evidence::loads::{LoadRing, Outcome, MAX_OUTCOMES};
use netwhy::views::failure_list::{Entry, FailureList, MAX_RECENT};
use netwhy::views::report::Report;

const SAMPLES: usize = 21;

/// Median, min and max of `SAMPLES` timings of `f`, in nanoseconds per call
/// (each sample runs `f` `calls` times).
fn time(calls: usize, mut f: impl FnMut()) -> [f64; 3] {
    let mut ns: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                f();
            }
            start.elapsed().as_nanos() as f64 / calls as f64
        })
        .collect();
    ns.sort_by(f64::total_cmp);
    [ns[SAMPLES / 2], ns[0], ns[SAMPLES - 1]]
}

fn fixtures() -> Vec<Report> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reports");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the report fixtures")
        .map(|entry| entry.expect("a fixture").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            Report::parse(&std::fs::read_to_string(path).expect("readable")).expect("a report")
        })
        .collect()
}

/// A ring of `n` outcomes over distinct hosts, every fifth one failed; each
/// success with the server address the ring keeps for direct loads.
fn ring(n: usize) -> LoadRing {
    let mut history = LoadRing::default();
    for i in 0..n {
        let class = (i % 5 == 0).then_some(Class::ConnectionRefused);
        history.record(Outcome {
            host: format!("site{i}.example.com"),
            port: 443,
            time: 1.7e12 + i as f64,
            ip: class.is_none().then(|| format!("2001:db8::{i:x}")),
            class,
            // Every load timed, as the background now records them.
            ms: Some(120.0 + (i % 50) as f64),
        });
    }
    history
}

fn main() {
    let reports = fixtures();
    let [median, min, max] = time(200, || {
        for report in &reports {
            black_box(diagnose(
                black_box(&report.failure),
                black_box(&report.evidence),
            ));
        }
    });
    let per = |ns: f64| ns / reports.len() as f64;
    println!(
        r#"{{"kind":"diagnose","fixtures":{},"ns":[{},{},{}]}}"#,
        reports.len(),
        per(median),
        per(min),
        per(max)
    );

    for n in [0, 25, 50, 100, 150, MAX_OUTCOMES] {
        let history = ring(n);
        let json = serde_json::to_string(&history).expect("serializable");
        // What the worker does per finished load: add one to the ring in its
        // memory (the copy is restored before each call, outside the timing
        // loop's own work only in that it is the same for every size).
        let next = Outcome {
            host: "new.example.com".into(),
            port: 443,
            time: 1.8e12,
            class: None,
            ip: Some("198.51.100.7".into()),
            ms: Some(140.0),
        };
        let mut ring_copy = history.clone();
        let [median, min, max] = time(200, || {
            ring_copy.record(black_box(next.clone()));
        });
        let summary = time(200, || {
            black_box(history.summary(black_box("site3.example.co"), 443, 1.8e12));
        });
        println!(
            r#"{{"kind":"history","outcomes":{n},"bytes":{},"recordNs":[{median},{min},{max}],"summaryNs":[{},{},{}]}}"#,
            json.len(),
            summary[0],
            summary[1],
            summary[2]
        );
    }

    // What the error page does once it is up: read the stored list of recent
    // failures, add its failure (diagnosed for the entry's top cause), write it.
    let report = &reports[0];
    for n in [0, 10, 25, MAX_RECENT] {
        let mut list = FailureList::default();
        for i in 0..n {
            let mut failure = report.failure.clone();
            failure.host = format!("site{i}.example.com");
            failure.time = 1.7e12 + i as f64;
            list.record(Entry::of(&failure, &report.evidence));
        }
        let json = serde_json::to_string(&list).expect("serializable");
        let [median, min, max] = time(200, || {
            let mut list: FailureList = serde_json::from_str(black_box(&json)).expect("a list");
            list.record(Entry::of(&report.failure, &report.evidence));
            black_box(serde_json::to_string(&list).expect("serializable"));
        });
        println!(
            r#"{{"kind":"list","entries":{n},"bytes":{},"ns":[{median},{min},{max}]}}"#,
            json.len()
        );
    }
}
