//! serde to and from JS values, for the wasm-bindgen adapter.
//!
//! Written for size, not speed or messages: an error says nothing but that a
//! value did not read. `serde_wasm_bindgen` took ~29 KB of the module, and
//! its messages (`invalid type: floating point …`) kept `f64` formatting,
//! another ~14 KB, reachable. A value reads as JSON would: objects, arrays,
//! strings, numbers, booleans and null (or undefined); enums are strings.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Impossible, Serialize};
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

/// Reads a `T` from a JS value.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Reader(value))
}

/// Writes `value` as a plain JS value: structs and maps as objects, `None`
/// and `()` as null.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value.serialize(Writer)
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

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
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

/// Writes one JS value.
struct Writer;

impl ser::Serializer for Writer {
    type Ok = JsValue;
    type Error = Error;
    type SerializeSeq = ArrayWriter;
    type SerializeTuple = ArrayWriter;
    type SerializeTupleStruct = ArrayWriter;
    type SerializeTupleVariant = Impossible<JsValue, Error>;
    type SerializeMap = ObjectWriter;
    type SerializeStruct = ObjectWriter;
    type SerializeStructVariant = Impossible<JsValue, Error>;

    fn serialize_bool(self, value: bool) -> Result<JsValue, Error> {
        Ok(JsValue::from_bool(value))
    }
    fn serialize_i8(self, value: i8) -> Result<JsValue, Error> {
        self.serialize_f64(value.into())
    }
    fn serialize_i16(self, value: i16) -> Result<JsValue, Error> {
        self.serialize_f64(value.into())
    }
    fn serialize_i32(self, value: i32) -> Result<JsValue, Error> {
        self.serialize_f64(value.into())
    }
    fn serialize_i64(self, value: i64) -> Result<JsValue, Error> {
        self.serialize_f64(value as f64)
    }
    fn serialize_u8(self, value: u8) -> Result<JsValue, Error> {
        self.serialize_f64(value.into())
    }
    fn serialize_u16(self, value: u16) -> Result<JsValue, Error> {
        self.serialize_f64(value.into())
    }
    fn serialize_u32(self, value: u32) -> Result<JsValue, Error> {
        self.serialize_f64(value.into())
    }
    fn serialize_u64(self, value: u64) -> Result<JsValue, Error> {
        self.serialize_f64(value as f64)
    }
    fn serialize_f32(self, value: f32) -> Result<JsValue, Error> {
        self.serialize_f64(value.into())
    }
    fn serialize_f64(self, value: f64) -> Result<JsValue, Error> {
        Ok(JsValue::from_f64(value))
    }
    fn serialize_char(self, value: char) -> Result<JsValue, Error> {
        self.serialize_str(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, value: &str) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(value))
    }
    fn serialize_bytes(self, value: &[u8]) -> Result<JsValue, Error> {
        Ok(js_sys::Uint8Array::from(value).into())
    }
    fn serialize_none(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<JsValue, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<JsValue, Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<JsValue, Error> {
        value.serialize(self)
    }
    // The core's enums are all strings: a variant with data is a mistake.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<JsValue, Error> {
        Err(Error)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<ArrayWriter, Error> {
        Ok(ArrayWriter(Array::new()))
    }
    fn serialize_tuple(self, len: usize) -> Result<ArrayWriter, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<ArrayWriter, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<ObjectWriter, Error> {
        Ok(ObjectWriter {
            object: Object::new(),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<ObjectWriter, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error)
    }
}

/// Writes a JS array.
struct ArrayWriter(Array);

impl ser::SerializeSeq for ArrayWriter {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.0.push(&value.serialize(Writer)?);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for ArrayWriter {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<JsValue, Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for ArrayWriter {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<JsValue, Error> {
        ser::SerializeSeq::end(self)
    }
}

/// Writes a JS object; a map's keys must write as strings.
struct ObjectWriter {
    object: Object,
    key: Option<JsValue>,
}

impl ObjectWriter {
    fn set(&self, key: &JsValue, value: &JsValue) -> Result<(), Error> {
        Reflect::set(&self.object, key, value)
            .map(drop)
            .map_err(|_| Error)
    }
}

impl ser::SerializeMap for ObjectWriter {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let key = key.serialize(Writer)?;
        if !key.is_string() {
            return Err(Error);
        }
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or(Error)?;
        self.set(&key, &value.serialize(Writer)?)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.object.into())
    }
}

impl ser::SerializeStruct for ObjectWriter {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.set(&JsValue::from_str(key), &value.serialize(Writer)?)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.object.into())
    }
}

#[cfg(test)]
mod tests;
