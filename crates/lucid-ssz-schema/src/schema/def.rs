//! Editable container definitions, so each fork can be written as a list of
//! modifications to the previous fork's definition.

use crate::ty::{container, progressive_container, Field, Type};

/// A container's ordered field list and merkleization shape.
#[derive(Clone, Debug, Default)]
pub(super) struct Def {
    fields: Vec<Field>,
    progressive: bool,
}

impl Def {
    /// A plain container with the given fields.
    pub(super) fn new(fields: Vec<Field>) -> Self {
        Self { fields, progressive: false }
    }

    /// The SSZ type this definition describes.
    pub(super) fn ty(&self) -> Type {
        match self.progressive {
            true => progressive_container(self.fields.clone()),
            false => container(self.fields.clone()),
        }
    }

    /// Appends a field.
    pub(super) fn push(&mut self, name: &'static str, ty: Type) {
        self.fields.push(Field { name, ty });
    }

    /// Changes the type of an existing field, keeping its position.
    pub(super) fn set(&mut self, name: &'static str, ty: Type) {
        self.replace(name, name, ty);
    }

    /// Replaces field `old` by a new field at the same position.
    pub(super) fn replace(&mut self, old: &'static str, name: &'static str, ty: Type) {
        let i = self.position(old);
        self.fields[i] = Field { name, ty };
    }

    /// Removes an existing field.
    pub(super) fn remove(&mut self, name: &'static str) {
        let i = self.position(name);
        self.fields.remove(i);
    }

    /// Turns the container into an EIP-7688 progressive container with all fields active.
    pub(super) fn make_progressive(&mut self) {
        self.progressive = true;
    }

    /// Index of a field; schemas are static, so a missing name is a bug in this crate.
    fn position(&self, name: &str) -> usize {
        self.fields.iter().position(|f| f.name == name).unwrap_or_else(|| panic!("schema has no field `{name}`"))
    }
}
