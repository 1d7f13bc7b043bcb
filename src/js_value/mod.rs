//! serde to and from JS values, for the wasm-bindgen adapter.
//!
//! Written for size, not messages: an error says nothing but that a value
//! did not read. `serde_wasm_bindgen` took ~29 KB of the module, and its
//! messages (`invalid type: floating point …`) kept `f64` formatting,
//! another ~14 KB, reachable; without both the module is 47 KB smaller
//! (BENCHMARKS.md). A value reads as JSON would: objects, arrays, strings,
//! numbers, booleans and null (or undefined); enums are strings; a struct
//! must be an object.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// A value that did not read or could not be written.
#[derive(Debug)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NetWhy could not read a value")
    }
}

impl std::error::Error for Error {}

impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        js_sys::Error::new(&error.to_string()).into()
    }
}

// Every default of these builds a message with `format_args!`, which links
// the formatting of what it names (floats among them) even unused.
impl de::Error for Error {
    fn custom<T: fmt::Display>(_: T) -> Error {
        Error
    }
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Error {
        Error
    }
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Error {
        Error
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Error {
        Error
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Error {
        Error
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Error {
        Error
    }
    fn missing_field(_: &'static str) -> Error {
        Error
    }
    fn duplicate_field(_: &'static str) -> Error {
        Error
    }
}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(_: T) -> Error {
        Error
    }
}

thread_local! {
    /// Field names already made into JS strings, by address: making one
    /// anew for every field of every value was most of the time spent.
    static NAMES: std::cell::RefCell<std::collections::BTreeMap<usize, JsValue>> =
        Default::default();
}

/// `name` as a JS string, made once.
fn name_in_js(name: &'static str) -> JsValue {
    NAMES.with_borrow_mut(|names| {
        names
            .entry(name.as_ptr() as usize)
            .or_insert_with(|| JsValue::from_str(name))
            .clone()
    })
}

/// Reads a `T` from a JS value.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Reader(value))
}

/// Writes `value` as a plain JS value: structs and maps as objects, `None`
/// and `()` as null.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value.serialize(write::Writer)
}

/// Reads one JS value.
struct Reader(JsValue);

/// Integral numbers reach integer fields (serde checks their range), others `f64`.
fn visit_number<'de, V: Visitor<'de>>(number: f64, visitor: V) -> Result<V::Value, Error> {
    const SAFE: f64 = 9_007_199_254_740_992.0; // 2^53
    if number.fract() != 0.0 || number.abs() >= SAFE {
        visitor.visit_f64(number)
    } else if number >= 0.0 {
        visitor.visit_u64(number as u64)
    } else {
        visitor.visit_i64(number as i64)
    }
}

/// Deserializer methods that read a number as `deserialize_f64` does.
macro_rules! numbers_as_f64 {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_f64(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Reader {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(flag) = value.as_bool() {
            visitor.visit_bool(flag)
        } else if let Some(number) = value.as_f64() {
            visit_number(number, visitor)
        } else if let Some(text) = value.as_string() {
            visitor.visit_string(text)
        } else if Array::is_array(&value) {
            visitor.visit_seq(Items(Array::from(&value).into_iter()))
        } else if value.is_object() {
            let entries = Object::entries(value.unchecked_ref()).into_iter();
            visitor.visit_map(Entries {
                entries,
                value: None,
            })
        } else {
            Err(Error)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    // A struct reads only its own fields, each looked up by its static name
    // (made into a JS string once, `name_in_js`): no key is copied out of
    // JS, and properties it does not know are never touched. Only objects:
    // with a fallback to `deserialize_any`, every struct's visitor was built
    // for two kinds of map, 43 KB more. A missing or undefined field is left
    // to the struct's default.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return Err(Error);
        }
        visitor.visit_map(Fields {
            object: self.0,
            names: fields.iter(),
            value: None,
        })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let name = self.0.as_string().ok_or(Error)?;
        visitor.visit_enum(name.into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    // Numbers and strings, by far the most common, ask the engine one
    // question instead of the chain above.
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_f64() {
            Some(number) => visit_number(number, visitor),
            None => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(text) => visitor.visit_string(text),
            None => self.deserialize_any(visitor),
        }
    }

    numbers_as_f64!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_f32
    );

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i128 u128 char bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
    }
}

/// An array's items, in order.
struct Items(js_sys::ArrayIntoIter);

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|item| seed.deserialize(Reader(item)))
            .transpose()
    }
}

/// An object's own enumerable properties, as `Object.entries` lists them.
struct Entries {
    entries: js_sys::ArrayIntoIter,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        let entry = Array::from(&entry);
        self.value = Some(entry.get(1));
        seed.deserialize(Reader(entry.get(0))).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Reader(self.value.take().ok_or(Error)?))
    }
}

/// A struct's fields that the object has, in the struct's order.
struct Fields {
    object: JsValue,
    names: std::slice::Iter<'static, &'static str>,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for &name in self.names.by_ref() {
            let value = Reflect::get(&self.object, &name_in_js(name)).map_err(|_| Error)?;
            if !value.is_undefined() {
                self.value = Some(value);
                return seed.deserialize(name.into_deserializer()).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Reader(self.value.take().ok_or(Error)?))
    }
}

mod write;

#[cfg(test)]
mod tests;
