//! The tree as an instance jsonschema validates in place (being written).
