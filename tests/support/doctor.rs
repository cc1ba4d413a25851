//! Running `gitme doctor --json` against a test sandbox and reading its document.

use serde_json::Value;

use super::{Finished, TestSandbox, run};

/// A finished doctor run and its parsed `--json` document.
pub struct DoctorRun {
    pub finished: Finished,
    pub document: Value,
}

impl DoctorRun {
    /// Returns the check with `id`, failing the test when it is missing.
    pub fn check(&self, id: &str) -> &Value {
        self.document["checks"]
            .as_array()
            .and_then(|checks| checks.iter().find(|check| check["id"] == id))
            .unwrap_or_else(|| {
                panic!(
                    "check {id} missing from:\n{}\nstderr:\n{}",
                    self.finished.stdout, self.finished.stderr
                )
            })
    }

    /// Returns the status of a check.
    pub fn status(&self, id: &str) -> &str {
        self.check(id)["status"].as_str().unwrap_or("")
    }

    /// Returns the cause of a check, or an empty string.
    pub fn cause(&self, id: &str) -> String {
        self.check(id)["cause"].as_str().unwrap_or("").to_string()
    }

    /// Returns the fix of a check, or an empty string.
    pub fn fix(&self, id: &str) -> String {
        self.check(id)["fix"].as_str().unwrap_or("").to_string()
    }

    /// Returns the detail of a check.
    pub fn detail(&self, id: &str) -> String {
        self.check(id)["detail"].as_str().unwrap_or("").to_string()
    }

    /// Returns the IDs of every reported check.
    pub fn ids(&self) -> Vec<String> {
        self.document["checks"]
            .as_array()
            .map(|checks| {
                checks
                    .iter()
                    .filter_map(|check| check["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Runs `gitme doctor --json --instance-url INSTANCE ARGS...` with the sandbox's backend,
/// CA and admin token.
pub fn doctor(sandbox: &TestSandbox, instance: &str, args: &[&str]) -> DoctorRun {
    let mut command = sandbox.gitme();
    command.args(["doctor", "--json", "--instance-url", instance]);
    command.args(args);
    doctor_command(&mut command)
}

/// Runs a prepared doctor command and parses its document.
pub fn doctor_command(command: &mut std::process::Command) -> DoctorRun {
    let finished = run(command);
    let document: Value = serde_json::from_str(&finished.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not one JSON document ({error}):\n{}\nstderr:\n{}",
            finished.stdout, finished.stderr
        )
    });
    DoctorRun { finished, document }
}
