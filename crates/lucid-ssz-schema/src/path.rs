//! Field paths used in error messages, built on the stack while decoding SSZ or reading JSON.

use std::fmt;

use crate::SchemaError;

/// Location of a value inside the object being decoded.
#[derive(Clone, Copy)]
pub(crate) enum Path<'p> {
    /// The top-level object, named by its type.
    Root(&'p str),
    /// A named field of a container.
    Field(&'p Path<'p>, &'p str),
    /// An element of a vector or list.
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    /// Builds a [`SchemaError::Malformed`] located at this path.
    pub(crate) fn malformed(&self, reason: impl Into<String>) -> SchemaError {
        SchemaError::Malformed { path: self.to_string(), reason: reason.into() }
    }

    /// Builds a [`SchemaError::InvalidJson`] located at this path.
    pub(crate) fn invalid_json(&self, reason: impl Into<String>) -> SchemaError {
        SchemaError::InvalidJson { path: self.to_string(), reason: reason.into() }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}
