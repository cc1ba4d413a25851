//! `gitme config` and the config file as the commands read it.

mod support;

use support::{TestSandbox, hermetic_gitme, run};

#[test]
fn set_then_show_sources() {
    let home = tempfile::tempdir().unwrap();
    let set = run(hermetic_gitme(home.path()).args([
        "config",
        "set",
        "--profile",
        "eu",
        "instance_url",
        "https://eu.example",
    ]));
    assert_eq!(set.code, Some(0), "{}", set.stderr);

    let show = run(hermetic_gitme(home.path())
        .args(["config", "show", "--json", "--profile", "eu"])
        .env("GITME_BACKEND_URL", "https://backend.test"));
    assert_eq!(show.code, Some(0), "{}", show.stderr);
    let document: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let settings = document["settings"].as_array().unwrap();
    let find = |key: &str| {
        settings
            .iter()
            .find(|row| row["key"] == key)
            .unwrap_or_else(|| panic!("{key} missing"))
            .clone()
    };
    assert_eq!(find("instance_url")["value"], "https://eu.example");
    assert!(
        find("instance_url")["source"]
            .as_str()
            .unwrap()
            .contains("profile `eu`")
    );
    assert_eq!(find("backend_url")["value"], "https://backend.test");
    assert!(
        find("backend_url")["source"]
            .as_str()
            .unwrap()
            .contains("GITME_BACKEND_URL")
    );
    assert_eq!(document["config_file_exists"], true);

    let path = home.path().join("config/gitme/config.toml");
    let text = std::fs::read_to_string(&path).expect("config written under XDG_CONFIG_HOME");
    assert!(text.contains("[profiles.eu]"));
}

#[test]
fn secret_keys_rejected() {
    let home = tempfile::tempdir().unwrap();
    let finished = run(hermetic_gitme(home.path()).args(["config", "set", "client_secret", "x"]));
    assert_eq!(finished.code, Some(2));
    assert!(finished.stderr.contains("never stores"));
    assert!(!home.path().join("config/gitme/config.toml").exists());
}

#[test]
fn invalid_config_names_file() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("broken.toml");
    std::fs::write(&path, "backend_url = [").unwrap();
    let finished = run(hermetic_gitme(home.path())
        .arg("--config")
        .arg(&path)
        .arg("config"));
    assert_eq!(finished.code, Some(2));
    assert!(
        finished.stderr.contains("broken.toml"),
        "{}",
        finished.stderr
    );
}

#[test]
fn connect_uses_profile_values() {
    let sandbox = TestSandbox::start();
    let config = sandbox.home.path().join("gitme.toml");
    // The profile names the instance, its client ID and its CA; the flags give only the rest.
    std::fs::write(
        &config,
        format!(
            "[profiles.lab]\ninstance_url = \"{}\"\nclient_id = \"{}\"\nca_cert = \"{}\"\n",
            sandbox.instance_url(),
            sandbox.sandbox.link().client_id,
            sandbox.ca_file.display()
        ),
    )
    .unwrap();
    let mut command = sandbox.gitme();
    let browser = format!(
        "{} sandbox browser --ca-cert {}",
        support::gitme_bin().display(),
        sandbox.ca_file.display()
    );
    command
        .env_remove("GITME_CA_CERT")
        .env("BROWSER", browser)
        .arg("--config")
        .arg(&config)
        .args([
            "--profile",
            "lab",
            "connect",
            "bitbucket",
            "--no-input",
            "--yes",
        ])
        .arg("--client-secret-file")
        .arg(&sandbox.secret_file);
    let finished = run(&mut command);

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    assert!(
        finished
            .stderr
            .contains(&format!("Instance: {}", sandbox.instance_url()))
    );
}
