//! A CEL map that is cheap to copy.
//!
//! CEL comprehensions (`doc.school_years.exists(y, ...)`) bind each element to
//! their variable by copying it, and copying the built-in map copies everything
//! nested in it: for a plan of study, every school year with all its courses, on
//! every rule. Document objects are therefore bound as this map, whose copies
//! share one allocation; everything else is delegated to the built-in map.
//!
//! It presents itself as the built-in map (`as_builtin`, hidden in cel's docs
//! but public), so that functions, equality with map literals and conversion to
//! `cel::Value` treat it as one; `cel` is pinned in Cargo.lock and the tests
//! below hold that behaviour.

use std::sync::Arc;

use cel::common::traits::{self, Container, Indexer, Iterable, Sizer, Zeroer};
use cel::common::types::{self, CelInt, CelMap, Type};
use cel::common::value::{Builtin, BuiltinRef, CowVal, Val};
use cel::ExecutionError;

/// A JSON object as a CEL `map`, shared between its copies.
#[derive(Debug, Clone)]
pub(crate) struct SharedMap<'v>(Arc<CelMap<'v>>);

impl<'v> From<CelMap<'v>> for SharedMap<'v> {
    fn from(map: CelMap<'v>) -> Self {
        SharedMap(Arc::new(map))
    }
}

impl<'v> Val for SharedMap<'v> {
    fn get_type(&self) -> &Type {
        <Self as Val>::cel_type()
    }

    fn cel_type() -> &'static Type {
        &types::MAP_TYPE
    }

    fn as_container(&self) -> Option<&dyn Container> {
        Some(self)
    }

    fn as_indexer<'b, 'w>(&'b self) -> Option<&'b (dyn Indexer + 'w)>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn as_iterable<'b, 'w>(&'b self) -> Option<&'b (dyn Iterable + 'w)>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn as_sizer(&self) -> Option<&dyn Sizer> {
        Some(self)
    }

    fn as_zeroer(&self) -> Option<&dyn Zeroer> {
        Some(self)
    }

    fn into_indexer<'w>(self: Box<Self>) -> Option<Box<dyn Indexer + 'w>>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn equals(&self, other: &dyn Val) -> bool {
        self.0.equals(other)
    }

    fn clone_as_boxed<'w>(&self) -> Box<dyn Val + 'w>
    where
        Self: 'w,
    {
        Box::new(self.clone())
    }

    fn as_builtin<'b, 'w>(&'b self) -> BuiltinRef<'b, 'w>
    where
        Self: 'w,
    {
        BuiltinRef::Map(&self.0)
    }

    fn into_builtin<'w>(self: Box<Self>) -> Option<Builtin<'w>>
    where
        Self: 'w,
    {
        let map = Arc::try_unwrap(self.0).unwrap_or_else(|shared| (*shared).clone());
        Some(Builtin::Map(map))
    }
}

impl Container for SharedMap<'_> {
    fn contains(&self, key: &dyn Val) -> Result<bool, ExecutionError> {
        self.0.contains(key)
    }
}

impl<'v> Indexer for SharedMap<'v> {
    fn get<'b, 'w>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'w>, ExecutionError>
    where
        Self: 'w,
    {
        self.0.get(key)
    }

    fn steal<'w>(self: Box<Self>, key: &dyn Val) -> Result<Box<dyn Val + 'w>, ExecutionError>
    where
        Self: 'w,
    {
        self.get(key).map(CowVal::into_owned)
    }
}

impl<'v> Iterable for SharedMap<'v> {
    fn iter<'b, 'w>(&'b self) -> Box<dyn traits::Iterator<'b, 'w> + 'b>
    where
        Self: 'w,
    {
        self.0.iter()
    }
}

impl Sizer for SharedMap<'_> {
    fn size(&self) -> CelInt {
        self.0.size()
    }
}

impl Zeroer for SharedMap<'_> {
    fn is_zero_value(&self) -> bool {
        self.0.is_zero_value()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cel::{Context, Env, Value};
    use serde_json::json;

    use cel::common::value::{BuiltinRef, Val};

    use crate::engine::values::{display_val, to_cel};

    /// Evaluates `expression` with `m` bound to a document object.
    fn eval(expression: &str) -> Result<Value, cel::ExecutionError> {
        let document = json!({"a": 1, "b": {"c": "x"}, "list": [{"k": 1}, {"k": 2}], "empty": {}});
        let env = Arc::new(Env::stdlib());
        let program = env.compile(expression).unwrap();
        let mut context = Context::with_env(env);
        context.add_variable_as_val("m", to_cel(&document));
        program.execute(&context)
    }

    #[test]
    fn behaves_as_a_map() {
        for (expression, expected) in [
            ("m.a == 1 && m.b.c == 'x'", true),
            ("has(m.b) && !has(m.zzz) && 'a' in m && !('q' in m)", true),
            ("size(m) == 4 && m.size() == 4 && size(m.empty) == 0", true),
            ("m.list.exists(i, i.k == 2) && m.list.all(i, i.k > 0)", true),
            ("m.list.map(i, i.k) == [1, 2]", true),
            ("m.all(k, k in ['a', 'b', 'list', 'empty'])", true),
            ("m.b == {'c': 'x'} && {'c': 'x'} == m.b && {'c': 'x'} != m.list[0]", true),
            ("[m.b][0].c == 'x' && {'k': m.b}.k.c == 'x' && m.list.filter(i, i.k == 1)[0].k == 1", true),
            ("m.list[0] == m.list[0] && m.list[0] != m.list[1]", true),
            ("m.b != {'c': 'y'} && m.b != {'c': 'x', 'd': 1} && m.b != [1]", true),
        ] {
            assert_eq!(eval(expression), Ok(Value::Bool(expected)), "{expression}");
        }
        assert!(eval("m.zzz").is_err());
        // Owned results convert to `cel::Value` like any map.
        assert!(matches!(eval("m.b"), Ok(Value::Map(_))));
    }

    #[test]
    fn copies_share_their_entries_and_display_in_key_order() {
        let document = json!({"z": [1, "two"], "a": {"b": true}});
        let value = to_cel(&document);
        let copy = value.clone_as_boxed();
        assert!(value.equals(copy.as_ref()) && copy.equals(value.as_ref()));
        // The copy is the same map, not a deep copy of it.
        fn inner(value: &dyn Val) -> *const () {
            match value.as_builtin() {
                BuiltinRef::Map(map) => std::ptr::from_ref(map).cast(),
                _ => panic!("not a map"),
            }
        }
        assert!(std::ptr::eq(inner(value.as_ref()), inner(copy.as_ref())));
        assert_eq!(display_val(copy.as_ref()), "{a: {b: true}, z: 1, two}");
    }
}
