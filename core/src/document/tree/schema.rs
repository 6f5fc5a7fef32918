//! The tree as an instance jsonschema validates in place.
//!
//! Building a `serde_json::Value` only to learn that a document is valid costs
//! an allocation per string and per container; read through jsonschema's
//! custom-representation API, a valid document is checked where it lies. Only
//! an invalid one pays for a value (the serde_json validator words its errors,
//! so that messages stay exactly serde_json's).
//!
//! Of repeated member names a value keeps the last while these readers find
//! the first: validate in place only a tree whose [`Tree::unique`] holds.

use std::borrow::Cow;
use std::sync::LazyLock;

use jsonschema::json::{cmp, Array, Json, Node, NodeIdentity, Object};
use jsonschema::{JsonType, Validator};
use serde_json::{Number, Value};

use super::{Iter, Name, NodeId, Shape, Tree};
use crate::kind::Kind;

/// The tree as a jsonschema representation (`jsonschema::options_for::<TreeJson>()`).
pub(crate) struct TreeJson;

/// One value jsonschema reads: a node of a tree, or a bare string (a member
/// name `propertyNames` checks, which no node holds as a value). Copied freely.
#[derive(Clone, Copy)]
pub(crate) enum TreeNode<'a> {
    Tree(&'a Tree<'a>, NodeId),
    Str(&'a str),
}

impl<'a> TreeNode<'a> {
    /// The root of `tree`, where validation starts.
    pub(crate) fn root(tree: &'a Tree<'a>) -> Self {
        TreeNode::Tree(tree, Tree::ROOT)
    }

    fn shape(self) -> Shape<'a> {
        match self {
            TreeNode::Tree(tree, id) => tree.shape(id),
            TreeNode::Str(text) => Shape::String(text),
        }
    }
}

/// An object of a tree.
#[derive(Clone, Copy)]
pub(crate) struct TreeObject<'a> {
    tree: &'a Tree<'a>,
    id: NodeId,
}

/// An array of a tree.
#[derive(Clone, Copy)]
pub(crate) struct TreeArray<'a> {
    tree: &'a Tree<'a>,
    id: NodeId,
}

/// The members of an object, in the order of the text.
pub(crate) struct TreeMembers<'a> {
    tree: &'a Tree<'a>,
    children: Iter<'a, 'a>,
}

impl<'a> Iterator for TreeMembers<'a> {
    type Item = (&'a str, TreeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let (name, id) = self.children.next()?;
        Some((name, TreeNode::Tree(self.tree, id)))
    }
}

/// The items of an array, in the order of the text.
pub(crate) struct TreeElements<'a> {
    tree: &'a Tree<'a>,
    children: Iter<'a, 'a>,
}

impl<'a> Iterator for TreeElements<'a> {
    type Item = TreeNode<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let (_, id) = self.children.next()?;
        Some(TreeNode::Tree(self.tree, id))
    }
}

impl Json for TreeJson {
    type Node<'a> = TreeNode<'a>;
    /// A property name with its tag, worked out when the schema is compiled.
    type PreparedKey = Name;
    /// A name node borrows the name: nothing to keep between calls.
    type StringBuffer = ();

    /// A lookup is a scan of the members, so one pass matching every wanted
    /// name never costs more than lookups: prefer it for any object (bounded
    /// so that jsonschema's `KEYS_PER_LOOKUP * count` cannot overflow).
    const KEYS_PER_LOOKUP: usize = 1 << 16;
    /// A tree holds no references: no node is its own descendant.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> Name {
        Name::new(key)
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TreeNode<'_>) -> T) -> T {
        f(TreeNode::Str(string))
    }
}

impl<'a> Node<'a, TreeJson> for TreeNode<'a> {
    type Object = TreeObject<'a>;
    type Array = TreeArray<'a>;
    /// serde_json's own number, whose `JsonNumber` is the one the serde_json
    /// representation uses: every numeric keyword answers alike.
    type Number = &'a Number;

    fn as_object(&self) -> Option<TreeObject<'a>> {
        match *self {
            TreeNode::Tree(tree, id) if matches!(tree.shape(id), Shape::Object) => {
                Some(TreeObject { tree, id })
            }
            _ => None,
        }
    }

    fn as_array(&self) -> Option<TreeArray<'a>> {
        match *self {
            TreeNode::Tree(tree, id) if matches!(tree.shape(id), Shape::Array) => {
                Some(TreeArray { tree, id })
            }
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self.shape() {
            Shape::String(text) => Some(Cow::Borrowed(text)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<&'a Number> {
        match self.shape() {
            Shape::Number(number) => Some(number),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.shape() {
            Shape::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.shape(), Shape::Null)
    }

    fn json_type(&self) -> JsonType {
        match self.shape() {
            Shape::Null => JsonType::Null,
            Shape::Bool(_) => JsonType::Boolean,
            Shape::Number(_) => JsonType::Number,
            Shape::String(_) => JsonType::String,
            Shape::Array => JsonType::Array,
            Shape::Object => JsonType::Object,
        }
    }

    /// As the serde_json representation decides it: a code point takes one to
    /// four bytes, so the byte length alone often settles the bounds.
    fn string_length_within(&self, min: u64, max: u64) -> Option<bool> {
        let Shape::String(text) = self.shape() else {
            return None;
        };
        let bytes = text.len() as u64;
        let fewest = bytes.div_ceil(4);
        if bytes < min || fewest > max {
            return Some(false);
        }
        if min <= fewest && bytes <= max {
            return Some(true);
        }
        Some((min..=max).contains(&(text.chars().count() as u64)))
    }

    /// In place: `enum` of strings is the common case, and must not build a value.
    fn equals_value(&self, expected: &Value) -> bool {
        match *self {
            TreeNode::Tree(tree, id) => equals_value(tree, id, expected),
            TreeNode::Str(text) => matches!(expected, Value::String(other) if other == text),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        match *self {
            TreeNode::Tree(tree, id) => Cow::Owned(tree.value_at(id)),
            TreeNode::Str(text) => Cow::Owned(Value::String(text.to_owned())),
        }
    }

    /// The tree's address tagged with the node's index: distinct for every
    /// node of every tree alive at once. A name node (or an index past `u32`)
    /// opts out.
    fn identity(&self) -> Option<NodeIdentity> {
        match *self {
            TreeNode::Tree(tree, id) => Some(NodeIdentity::tagged(
                std::ptr::from_ref(tree) as usize,
                u32::try_from(id).ok()?,
            )),
            TreeNode::Str(_) => None,
        }
    }
}

impl<'a> Object<'a, TreeJson> for TreeObject<'a> {
    type Node = TreeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = TreeMembers<'a>;

    fn len(&self) -> usize {
        self.tree.len(self.id)
    }

    /// A scan: documents' objects are small.
    fn get(&self, key: &Name) -> Option<TreeNode<'a>> {
        let id = self.tree.member_named(self.id, key)?;
        Some(TreeNode::Tree(self.tree, id))
    }

    fn members(&self) -> TreeMembers<'a> {
        TreeMembers {
            tree: self.tree,
            children: self.tree.children(self.id),
        }
    }
}

impl<'a> Array<'a, TreeJson> for TreeArray<'a> {
    type Node = TreeNode<'a>;
    type ElementsIter = TreeElements<'a>;

    fn len(&self) -> usize {
        self.tree.len(self.id)
    }

    fn elements(&self) -> TreeElements<'a> {
        TreeElements {
            tree: self.tree,
            children: self.tree.children(self.id),
        }
    }

    /// Pairwise in place up to the size where jsonschema compares pairwise
    /// too (`uniqueItems` lists here are a handful of numbers); past it, its
    /// hashing of built values.
    fn is_unique(&self) -> bool {
        const PAIRWISE: usize = 15;
        if self.len() > PAIRWISE {
            let values: Vec<Value> = self
                .tree
                .children(self.id)
                .map(|(_, id)| self.tree.value_at(id))
                .collect();
            return jsonschema::json::unique::is_unique(&values);
        }
        let items: Vec<NodeId> = self.tree.children(self.id).map(|(_, id)| id).collect();
        items.iter().enumerate().all(|(index, &first)| {
            items[index + 1..]
                .iter()
                .all(|&second| !equal_nodes(self.tree, first, second))
        })
    }
}

/// `jsonschema::json::cmp::equal` between the node `id` and `expected`,
/// without building the node's value.
fn equals_value(tree: &Tree<'_>, id: NodeId, expected: &Value) -> bool {
    match (tree.shape(id), expected) {
        (Shape::Null, Value::Null) => true,
        (Shape::Bool(b), Value::Bool(other)) => b == *other,
        (Shape::Number(number), Value::Number(other)) => cmp::equal_numbers(number, other),
        (Shape::String(text), Value::String(other)) => text == other,
        (Shape::Array, Value::Array(items)) => {
            tree.len(id) == items.len()
                && tree
                    .children(id)
                    .zip(items)
                    .all(|((_, child), item)| equals_value(tree, child, item))
        }
        // Names are unique and the sizes equal: every member matched is all.
        (Shape::Object, Value::Object(members)) => {
            tree.len(id) == members.len()
                && tree.children(id).all(|(name, child)| {
                    members
                        .get(name)
                        .is_some_and(|member| equals_value(tree, child, member))
                })
        }
        _ => false,
    }
}

/// `jsonschema::json::cmp::equal` between two nodes of one tree.
fn equal_nodes(tree: &Tree<'_>, left: NodeId, right: NodeId) -> bool {
    match (tree.shape(left), tree.shape(right)) {
        (Shape::Null, Shape::Null) => true,
        (Shape::Bool(a), Shape::Bool(b)) => a == b,
        (Shape::Number(a), Shape::Number(b)) => cmp::equal_numbers(a, b),
        (Shape::String(a), Shape::String(b)) => a == b,
        (Shape::Array, Shape::Array) => {
            tree.len(left) == tree.len(right)
                && tree
                    .children(left)
                    .zip(tree.children(right))
                    .all(|((_, a), (_, b))| equal_nodes(tree, a, b))
        }
        (Shape::Object, Shape::Object) => {
            tree.len(left) == tree.len(right)
                && tree.children(left).all(|(name, a)| {
                    tree.member(right, name)
                        .is_some_and(|b| equal_nodes(tree, a, b))
                })
        }
        _ => false,
    }
}

/// Compiled as `document::schemas` compiles the serde_json validators, so that
/// both accept the same documents.
fn compile(kind: Kind) -> Validator<TreeJson> {
    match jsonschema::options_for::<TreeJson>()
        .should_validate_formats(true)
        .build(&crate::document::schemas::document_schema(kind))
    {
        Ok(validator) => validator,
        // INVARIANT: the schemas are generated from our own types and compiled in
        // the test suite (`every_schema_compiles`, and `tree_validator` here), so
        // this cannot fail in a release.
        #[allow(clippy::panic)]
        Err(error) => panic!("generated schema does not compile: {error}"),
    }
}

static TREE_VALIDATORS: LazyLock<Vec<Validator<TreeJson>>> =
    LazyLock::new(|| Kind::ALL.iter().map(|kind| compile(*kind)).collect());

/// The validator of one kind that reads a tree in place, built once per process.
pub(crate) fn tree_validator(kind: Kind) -> &'static Validator<TreeJson> {
    &TREE_VALIDATORS[kind.index()]
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::{Path, PathBuf};
    use std::sync::LazyLock;

    use jsonschema::json::{cmp, conformance, unique, Array, Node};
    use proptest::prelude::*;
    use rayon::prelude::*;
    use serde_json::{json, Value};

    use super::{tree_validator, TreeJson, TreeNode};
    use crate::document::schemas::document_validator;
    use crate::document::strategies::{json_value, render};
    use crate::document::Tree;
    use crate::kind::Kind;

    /// Each error as (instance path, message).
    type Errors = Vec<(String, String)>;

    fn tree_errors(kind: Kind, tree: &Tree<'_>) -> Errors {
        tree_validator(kind)
            .iter_errors(TreeNode::root(tree))
            .map(|error| (error.instance_path().to_string(), error.to_string()))
            .collect()
    }

    fn value_errors(kind: Kind, value: &Value) -> Errors {
        document_validator(kind)
            .iter_errors(value)
            .map(|error| (error.instance_path().to_string(), error.to_string()))
            .collect()
    }

    /// Both validators judge the JSON `text` alike as `kind` (as every
    /// kind when `None`): its validity and its errors. Whether it is valid as
    /// the kind it names.
    fn assert_agree(text: &str, kind: Option<Kind>) -> bool {
        let tree = Tree::parse(text).expect("the tree reads rendered JSON");
        let value: Value = serde_json::from_str(text).expect("rendered JSON");
        let mut valid_as_named = false;
        for each in Kind::ALL {
            if kind.is_some_and(|kind| kind != each) {
                continue;
            }
            let valid = document_validator(each).is_valid(&value);
            assert_eq!(
                tree_validator(each).is_valid(TreeNode::root(&tree)),
                valid,
                "{each}: {text}"
            );
            assert_eq!(
                tree_errors(each, &tree),
                value_errors(each, &value),
                "{each}: {text}"
            );
            valid_as_named |= valid && value["kind"] == each.as_str();
        }
        valid_as_named
    }

    /// The kind `document` names.
    fn kind_of(document: &Value) -> Option<Kind> {
        document["kind"].as_str()?.parse().ok()
    }

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// The JSON and YAML files of `dir`, in name order.
    fn files(dir: &Path) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("directory")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "json" || extension == "yaml")
            })
            .collect();
        paths.sort();
        paths
    }

    /// The file's value, when it reads (one example is malformed on purpose).
    fn read(path: &Path) -> Option<Value> {
        let text = std::fs::read_to_string(path).expect("readable");
        crate::document::parse_str(&text, None, &Default::default()).ok()
    }

    /// RFC 7386 merge patch, as the rule fixtures are applied to their base.
    fn merge(target: &mut Value, patch: &Value) {
        let Value::Object(fields) = patch else {
            *target = patch.clone();
            return;
        };
        if !target.is_object() {
            *target = json!({});
        }
        if let Value::Object(map) = target {
            for (name, value) in fields {
                if value.is_null() {
                    map.remove(name);
                } else {
                    merge(map.entry(name.clone()).or_insert(Value::Null), value);
                }
            }
        }
    }

    /// Every bundled example, every rule fixture's base, each fixture file
    /// itself, and the passing and failing documents each fixture makes.
    static DOCUMENTS: LazyLock<Vec<Value>> = LazyLock::new(|| {
        let rules = repo().join("tests/rules");
        let mut documents: Vec<Value> = files(&repo().join("examples"))
            .iter()
            .chain(&files(&rules.join("base")))
            .filter_map(|path| read(path))
            .collect();
        for path in files(&rules) {
            let fixture = read(&path).expect("fixture");
            if let Some(base) = fixture["base"]
                .as_str()
                .and_then(|name| read(&rules.join(format!("base/{name}.yaml"))))
            {
                let fails = match &fixture["fail"] {
                    Value::Array(patches) => patches.clone(),
                    patch => vec![patch.clone()],
                };
                for patch in std::iter::once(&fixture["pass"]).chain(&fails) {
                    let mut document = base.clone();
                    merge(&mut document, patch);
                    documents.push(document);
                }
            }
            documents.push(fixture);
        }
        documents
    });

    /// `document`, then without each top-level member in turn, then with each
    /// one's value replaced by a value of every other type.
    fn mutations(document: &Value) -> Vec<Value> {
        let mut out = vec![document.clone()];
        if let Value::Object(map) = document {
            for name in map.keys() {
                let mut without = map.clone();
                without.remove(name);
                out.push(Value::Object(without));
                for replacement in [Value::Null, json!("x"), json!(1.5), json!([])] {
                    let mut replaced = map.clone();
                    replaced.insert(name.clone(), replacement);
                    out.push(Value::Object(replaced));
                }
            }
        }
        out
    }

    /// How many values `value` holds, itself included.
    fn count(value: &Value) -> usize {
        1 + match value {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(members) => members.values().map(count).sum(),
            _ => 0,
        }
    }

    /// Puts `with` in place of the `at`-th value of `value`, in preorder.
    fn replace(value: &mut Value, at: &mut usize, with: &mut Option<Value>) {
        if with.is_none() {
            return;
        }
        if *at == 0 {
            if let Some(with) = with.take() {
                *value = with;
            }
            return;
        }
        *at -= 1;
        match value {
            Value::Array(items) => items.iter_mut().for_each(|item| replace(item, at, with)),
            Value::Object(members) => members
                .values_mut()
                .for_each(|member| replace(member, at, with)),
            _ => {}
        }
    }

    #[test]
    fn the_tree_keeps_jsonschemas_contract() {
        let text = render(&conformance::document(), true);
        let tree = Tree::parse(&text).expect("JSON");
        conformance::assert_conformance::<TreeJson>(&TreeNode::root(&tree));
    }

    /// Bundled documents, mutated: valid ones pass in place, and invalid ones
    /// fail alike, with the same errors.
    #[test]
    fn bundled_documents_are_judged_alike() {
        // Fixtures differ from their base in a member or two: many of their
        // mutations are another's, checked once.
        let mut seen = HashSet::new();
        let cases: Vec<(String, Option<Kind>)> = DOCUMENTS
            .iter()
            .flat_map(|document| {
                let kind = kind_of(document);
                mutations(document)
                    .into_iter()
                    .map(move |mutated| (render(&mutated, false), kind))
            })
            .filter(|(text, _)| seen.insert(text.clone()))
            .collect();
        let valid: usize = cases
            .par_iter()
            .map(|(text, kind)| usize::from(assert_agree(text, *kind)))
            .sum();
        // Most examples and fixture documents are valid, and stay valid
        // without an optional member: acceptance is covered, not only rejection.
        assert!(
            valid * 10 >= cases.len(),
            "only {valid} of {} valid",
            cases.len()
        );
    }

    /// Numbers compare mathematically, containers deeply, names in any order.
    #[test]
    fn equality_in_place_is_jsonschemas() {
        let values = [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(-0.0),
            json!(1),
            json!(1.0),
            json!(-1),
            json!(18_446_744_073_709_551_615_u64),
            json!(1.8446744073709552e19),
            json!(9_007_199_254_740_993_u64),
            json!(9_007_199_254_740_992.0),
            json!(""),
            json!("a"),
            json!("é"),
            json!([]),
            json!([1]),
            json!([1.0]),
            json!([1, "a"]),
            json!(["a", 1]),
            json!({}),
            json!({"a": 1}),
            json!({"a": 1.0}),
            json!({"a": 1, "b": [2]}),
            json!({"b": [2.0], "a": 1}),
            json!({"a": 1, "c": [2]}),
        ];
        let all = Value::Array(values.to_vec());
        let text = render(&all, false);
        let tree = Tree::parse(&text).expect("JSON");
        let nodes: Vec<_> = TreeNode::root(&tree)
            .as_array()
            .expect("array")
            .elements()
            .collect();
        for (node, left) in nodes.iter().zip(&values) {
            for right in &values {
                assert_eq!(
                    node.equals_value(right),
                    cmp::equal(left, right),
                    "{left} = {right}"
                );
            }
        }
        for (index, left) in values.iter().enumerate() {
            for right in &values[index..] {
                let pair = json!([left, right]);
                let text = render(&pair, false);
                let tree = Tree::parse(&text).expect("JSON");
                let items = TreeNode::root(&tree).as_array().expect("array");
                assert_eq!(
                    items.is_unique(),
                    unique::is_unique(&[left.clone(), right.clone()]),
                    "{pair}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Any JSON at all, mostly invalid: the same verdict and errors.
        #[test]
        fn any_json_is_judged_alike(value in json_value()) {
            assert_agree(&render(&value, false), None);
        }

        /// A bundled document with one value anywhere in it replaced: errors
        /// deep in documents, beside valid neighbours.
        #[test]
        fn documents_changed_anywhere_are_judged_alike(
            document in 0..DOCUMENTS.len(),
            at in any::<usize>(),
            with in json_value(),
        ) {
            let mut document = DOCUMENTS[document].clone();
            let mut at = at % count(&document);
            let kind = kind_of(&document);
            replace(&mut document, &mut at, &mut Some(with));
            assert_agree(&render(&document, false), kind);
        }

        /// Arrays, half of them repeating an item, past the size compared
        /// pairwise.
        #[test]
        fn uniqueness_is_jsonschemas(
            items in prop::collection::vec(json_value(), 0..20),
            repeat in prop::option::of(any::<(prop::sample::Index, prop::sample::Index)>()),
        ) {
            let mut items = items;
            if let (false, Some((which, to))) = (items.is_empty(), repeat) {
                let item = items[which.index(items.len())].clone();
                items.insert(to.index(items.len() + 1), item);
            }
            let array = Value::Array(items);
            let text = render(&array, false);
            let tree = Tree::parse(&text).expect("JSON");
            let node = TreeNode::root(&tree);
            let Ok(Value::Array(parsed)) = serde_json::from_str(&text) else {
                panic!("rendered JSON array");
            };
            prop_assert_eq!(
                node.as_array().expect("array").is_unique(),
                unique::is_unique(&parsed)
            );
            for (item, value) in node.as_array().expect("array").elements().zip(&parsed) {
                prop_assert!(item.equals_value(value));
            }
        }
    }
}
