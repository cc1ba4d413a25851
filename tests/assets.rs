//! The checked-in completions and man pages match the current command-line definitions.

use std::collections::BTreeMap;
use std::path::Path;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
    {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        files.insert(name, std::fs::read_to_string(&path).unwrap());
    }
    files
}

#[test]
fn checked_in_assets_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    let completions = fresh.path().join("completions");
    let man = fresh.path().join("man");
    gitme::assets::generate(&completions, &man).expect("generate assets");

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, generated, checked_in) in [
        (
            "completions",
            read_dir(&completions),
            read_dir(&root.join("completions")),
        ),
        ("man", read_dir(&man), read_dir(&root.join("man"))),
    ] {
        let generated_names: Vec<_> = generated.keys().collect();
        let checked_in_names: Vec<_> = checked_in.keys().collect();
        assert_eq!(
            checked_in_names, generated_names,
            "{name}/ is stale: run `cargo run --example generate-assets`"
        );
        for (file, text) in &generated {
            assert!(
                checked_in.get(file) == Some(text),
                "{name}/{file} is stale: run `cargo run --example generate-assets`"
            );
        }
    }
}

#[test]
fn completions_cover_every_shell() {
    let fresh = tempfile::tempdir().unwrap();
    let files = gitme::assets::generate(&fresh.path().join("c"), &fresh.path().join("m")).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "gitme.bash",
        "_gitme",
        "gitme.fish",
        "_gitme.ps1",
        "gitme.elv",
        "gitme.1",
        "gitme-connect-bitbucket.1",
        "gitme-sandbox.1",
    ] {
        assert!(
            names.iter().any(|name| name == expected),
            "{expected} missing from {names:?}"
        );
    }
}
