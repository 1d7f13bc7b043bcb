//! Run in Node by `wasm-bindgen-test-runner` (`./build.sh test`): values
//! made by the JS engine itself, as the extension APIs give them.

use std::collections::BTreeMap;

use js_sys::JSON;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use super::{from_value, to_value};
use crate::evidence::Evidence;
use crate::failure::Failure;
use crate::history::History;
use crate::report::Report;

/// Reports of every shape of evidence: extensions, proxies, DNS answers,
/// history, platform.
const REPORTS: [&str; 8] = [
    include_str!("../../tests/fixtures/reports/blocked-by-named-extension.json"),
    include_str!("../../tests/fixtures/reports/chrome-on-mac-name-mapped-to-0.0.0.0.json"),
    include_str!("../../tests/fixtures/reports/chromium-command-line-proxy.json"),
    include_str!("../../tests/fixtures/reports/firefox-extension-proxy-error.json"),
    include_str!("../../tests/fixtures/reports/firefox-on-windows-name-resolves-to-0.0.0.0.json"),
    include_str!("../../tests/fixtures/reports/firefox-typo-of-a-loaded-host.json"),
    include_str!("../../tests/fixtures/reports/many-hosts-failing.json"),
    include_str!("../../tests/fixtures/reports/proxy-set-by-named-extension.json"),
];

fn parse(json: &str) -> JsValue {
    JSON::parse(json).expect("valid JSON")
}

fn text(value: &JsValue) -> String {
    JSON::stringify(value).expect("JSON-compatible").into()
}

#[wasm_bindgen_test]
fn reads_every_report_as_serde_json_does() {
    for json in REPORTS {
        let native: Report = serde_json::from_str(json).unwrap();
        let read: Report = from_value(parse(json)).unwrap();
        assert_eq!(read.failure, native.failure);
        assert_eq!(read.evidence, native.evidence);
    }
}

#[wasm_bindgen_test]
fn writes_json_that_reads_back_the_same() {
    for json in REPORTS {
        let report: Report = serde_json::from_str(json).unwrap();
        let failure: Failure =
            serde_json::from_str(&text(&to_value(&report.failure).unwrap())).unwrap();
        let evidence: Evidence =
            serde_json::from_str(&text(&to_value(&report.evidence).unwrap())).unwrap();
        assert_eq!(failure, report.failure);
        assert_eq!(evidence, report.evidence);
    }
    let history: History =
        serde_json::from_str(&text(&to_value(&History::default()).unwrap())).unwrap();
    assert_eq!(history, History::default());
}

#[wasm_bindgen_test]
fn whole_numbers_reach_integer_fields_and_others_do_not() {
    assert_eq!(
        from_value::<u16>(JsValue::from_f64(8080.0)).ok(),
        Some(8080)
    );
    assert_eq!(from_value::<i32>(JsValue::from_f64(-2.0)).ok(), Some(-2));
    assert_eq!(from_value::<f64>(JsValue::from_f64(3.0)).ok(), Some(3.0));
    assert_eq!(from_value::<f64>(JsValue::from_f64(0.25)).ok(), Some(0.25));
    assert!(from_value::<u16>(JsValue::from_f64(80.5)).is_err());
    assert!(from_value::<u16>(JsValue::from_f64(70_000.0)).is_err());
    assert!(from_value::<u32>(JsValue::from_f64(-1.0)).is_err());
    assert!(from_value::<u64>(JsValue::from_f64(f64::NAN)).is_err());
}

#[wasm_bindgen_test]
fn null_undefined_and_missing_read_as_none() {
    assert_eq!(from_value::<Option<String>>(JsValue::NULL).ok(), Some(None));
    assert_eq!(
        from_value::<Option<String>>(JsValue::UNDEFINED).ok(),
        Some(None)
    );
    let failure: Failure = from_value(parse(
        r#"{"url":"http://a.test/","scheme":"http","host":"a.test","port":0,"error":"net::ERR_FAILED","method":"GET","time":1,"unknown":{"deep":[1]}}"#,
    ))
    .unwrap();
    assert_eq!(failure.ip, None);
    assert_eq!(failure.started, None);
}

#[wasm_bindgen_test]
fn a_value_of_another_shape_is_an_error_not_a_panic() {
    assert!(from_value::<Failure>(JsValue::from_str("http://a.test/")).is_err());
    assert!(from_value::<Failure>(parse(r#"{"url":1}"#)).is_err());
    assert!(from_value::<Vec<String>>(parse(r#"{"0":"a"}"#)).is_err());
    assert!(from_value::<String>(JsValue::TRUE).is_err());
    assert!(from_value::<Failure>(parse("[]")).is_err());
}

#[wasm_bindgen_test]
fn maps_write_as_objects_and_none_as_null() {
    let map = BTreeMap::from([("b", Some(2)), ("a", None)]);
    assert_eq!(text(&to_value(&map).unwrap()), r#"{"a":null,"b":2}"#);
    assert_eq!(text(&to_value(&vec!["x", "y"]).unwrap()), r#"["x","y"]"#);
    assert!(
        to_value(&BTreeMap::from([(1, 2)])).is_err(),
        "a key that is no string"
    );
}
