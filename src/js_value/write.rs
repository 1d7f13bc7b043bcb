//! Rust values written as plain JS values.

use js_sys::{Array, Object, Reflect};
use serde::ser::{self, Impossible, Serialize};
use wasm_bindgen::JsValue;

use super::{name_in_js, Error};

/// Serializer methods that write a number as a JS number.
macro_rules! numbers_as_f64 {
    ($($method:ident: $type:ty),*) => {$(
        fn $method(self, value: $type) -> Result<JsValue, Error> {
            Ok(JsValue::from_f64(value as f64))
        }
    )*};
}

/// Writes one JS value.
pub(super) struct Writer;

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
    // Every number is a JS number (an integer past 2^53 loses precision, as
    // in JSON.parse).
    numbers_as_f64!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64
    );
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
pub(super) struct ArrayWriter(Array);

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
pub(super) struct ObjectWriter {
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
        self.set(&name_in_js(key), &value.serialize(Writer)?)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.object.into())
    }
}
