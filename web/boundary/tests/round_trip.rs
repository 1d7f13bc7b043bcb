//! Run in Node by `wasm-bindgen-test-runner` (`./build.sh test`): values made
//! by the JS engine itself, as the extension APIs and storage give them,
//! must read through the boundary exactly as `serde_json` reads the same
//! value as text, and what the core writes must read back the same.

use js_sys::JSON;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use netwhy::evidence::failure::Failure;
use netwhy::evidence::loads::LoadRing;
use netwhy::evidence::Evidence;
use netwhy::views::report::Report;
use netwhy_boundary::{from_js, to_js};

/// Every report fixture and `report` fuzz-corpus input, by file name.
const FIXTURES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

/// Inputs whose text serde_json rejects but `JSON.parse` takes, and so the
/// boundary reads: a duplicate key (the last one wins), a lone UTF-16
/// surrogate (read as U+FFFD), a number beyond `f64` (Infinity), a whole
/// number written `1.0` (JS has one number type).
const LENIENT: [&str; 4] = [
    "duplicate-field",
    "lone-surrogate",
    "time-overflow",
    "version-float",
];

fn text(value: &JsValue) -> String {
    JSON::stringify(value).expect("JSON-compatible").into()
}

#[wasm_bindgen_test]
fn every_fixture_reads_as_serde_json_reads_it() {
    let mut compared = 0;
    for (name, bytes) in FIXTURES {
        let Ok(json) = std::str::from_utf8(bytes) else {
            continue;
        };
        // Text that is not JSON never reaches the boundary: JS cannot parse it either.
        let Ok(parsed) = JSON::parse(json) else {
            assert!(
                serde_json::from_str::<serde_json::Value>(json).is_err(),
                "{name}"
            );
            continue;
        };
        let native = serde_json::from_str::<Report>(json);
        let read = from_js::<Report>(parsed);
        match (native, read) {
            (Ok(native), Ok(read)) => {
                assert_eq!(read.failure, native.failure, "{name}: failure");
                assert_eq!(read.evidence, native.evidence, "{name}: evidence");
                compared += 1;
            }
            (Err(_), Err(_)) => {}
            // Text serde_json rejects that JS reads: what JS holds is read.
            (Err(_), Ok(_)) if LENIENT.contains(name) => {}
            (native, read) => panic!(
                "{name}: serde_json {}, the boundary {}",
                if native.is_ok() {
                    "reads it"
                } else {
                    "does not"
                },
                if read.is_ok() { "does" } else { "does not" },
            ),
        }
    }
    assert!(
        compared >= 38,
        "only {compared} fixtures were readable reports"
    );
}

#[wasm_bindgen_test]
fn what_the_core_writes_reads_back_the_same() {
    for (name, bytes) in FIXTURES {
        let Ok(report) = serde_json::from_slice::<Report>(bytes) else {
            continue;
        };
        let failure: Failure =
            serde_json::from_str(&text(&to_js(&report.failure).unwrap())).unwrap();
        let evidence: Evidence =
            serde_json::from_str(&text(&to_js(&report.evidence).unwrap())).unwrap();
        assert_eq!(failure, report.failure, "{name}");
        assert_eq!(evidence, report.evidence, "{name}");
    }
    let ring: LoadRing =
        serde_json::from_str(&text(&to_js(&LoadRing::default()).unwrap())).unwrap();
    assert_eq!(ring, LoadRing::default());
}

#[wasm_bindgen_test]
fn none_is_null_and_maps_are_objects() {
    let map = std::collections::BTreeMap::from([("b", Some(2)), ("a", None)]);
    assert_eq!(text(&to_js(&map).unwrap()), r#"{"a":null,"b":2}"#);
    assert_eq!(
        from_js::<Option<String>>(JsValue::UNDEFINED).ok(),
        Some(None)
    );
    assert!(from_js::<Failure>(JsValue::from_str("http://a.test/")).is_err());
    assert!(from_js::<u16>(JsValue::from_f64(80.5)).is_err());
}
