//! Deterministic users, projects and repositories of the emulator.
//!
//! Projects and repositories are computed from their index on each request rather than
//! stored, so a seed of 50,000 repositories costs nothing at start-up. The first six
//! projects have hand-picked keys and names; further projects are numbered.

use sha2::{Digest, Sha256};

/// The default authorizing user: reads every project except `SEC` and every tenth
/// numbered project.
pub const SANDBOX_USERNAME: &str = "sandbox-admin";
/// The password of [`SANDBOX_USERNAME`]. It is fixed because the sandbox is local.
pub const SANDBOX_PASSWORD: &str = "sandbox-password";
/// A second user who reads only `PLAT` and `DATA`, plus the public project.
pub const SECOND_USERNAME: &str = "jdoe";
/// The password of [`SECOND_USERNAME`].
pub const SECOND_PASSWORD: &str = "jdoe-password";

/// Size of the seeded data.
#[derive(Debug, Clone)]
pub struct SeedConfig {
    /// Number of NORMAL projects; the first six have fixed keys (see [`NAMED_PROJECTS`]).
    pub projects: usize,
    /// Repositories in each NORMAL project.
    pub repositories_per_project: usize,
    /// Every n-th repository of a project is archived; 0 archives none.
    pub archived_every: usize,
}

impl Default for SeedConfig {
    fn default() -> Self {
        SeedConfig {
            projects: 6,
            repositories_per_project: 6,
            archived_every: 6,
        }
    }
}

/// A sandbox user account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct User {
    pub id: u64,
    pub username: &'static str,
    pub display_name: &'static str,
    pub password: &'static str,
    /// Keys of the NORMAL projects this user reads. `None` means all named projects except
    /// `SEC`, and all numbered projects except every tenth.
    readable_keys: Option<&'static [&'static str]>,
}

pub const USERS: [User; 2] = [
    User {
        id: 1,
        username: SANDBOX_USERNAME,
        display_name: "Sandbox Admin",
        password: SANDBOX_PASSWORD,
        readable_keys: None,
    },
    User {
        id: 2,
        username: SECOND_USERNAME,
        display_name: "Jane Doe",
        password: SECOND_PASSWORD,
        readable_keys: Some(&["PLAT", "DATA"]),
    },
];

/// Looks up a user by username.
pub fn find_user(username: &str) -> Option<&'static User> {
    USERS.iter().find(|user| user.username == username)
}

/// Named projects in name order, as Bitbucket lists them: (key, name, description, public).
pub const NAMED_PROJECTS: [(&str, &str, Option<&str>, bool); 6] = [
    (
        "DATA",
        "Data Engineering",
        Some("Pipelines and warehouse jobs"),
        false,
    ),
    ("MOB", "Mobile Apps", None, false),
    ("OSS", "Open Source", Some("Public libraries"), true),
    (
        "PLAT",
        "Platform",
        Some("Shared services and infrastructure"),
        false,
    ),
    (
        "SEC",
        "Security",
        Some("Restricted to the security team"),
        false,
    ),
    ("WEB", "Web Storefront", None, false),
];

const REPOSITORY_NAMES: [&str; 12] = [
    "api-gateway",
    "billing-service",
    "web-frontend",
    "mobile-app",
    "data-pipeline",
    "infra-terraform",
    "auth-service",
    "search-indexer",
    "notifications",
    "design-system",
    "release-tools",
    "docs-site",
];

/// Personal repositories: (owner, slug).
const PERSONAL_REPOSITORIES: [(&str, &str); 4] = [
    (SANDBOX_USERNAME, "dotfiles"),
    (SANDBOX_USERNAME, "scratch"),
    (SECOND_USERNAME, "notes"),
    (SECOND_USERNAME, "experiments"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: u64,
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub public: bool,
    /// The owner's username for a PERSONAL project, `None` for a NORMAL one.
    pub owner: Option<&'static str>,
}

impl Project {
    fn is_numbered(&self) -> bool {
        self.owner.is_none() && self.id as usize > NAMED_PROJECTS.len()
    }

    /// Reports whether `user` (or an anonymous caller) may read this project.
    pub fn readable_by(&self, user: Option<&User>) -> bool {
        if self.public {
            return true;
        }
        let Some(user) = user else {
            return false;
        };
        if let Some(owner) = self.owner {
            return owner == user.username;
        }
        match user.readable_keys {
            Some(keys) => keys.contains(&self.key.as_str()),
            None => self.key != "SEC" && !(self.is_numbered() && self.id % 10 == 9),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Repository {
    pub id: u64,
    pub slug: String,
    pub name: String,
    pub archived: bool,
    pub project: Project,
}

impl Repository {
    /// Returns a stable 20-hex-digit id derived from the repository id, like Bitbucket's.
    pub fn hierarchy_id(&self) -> String {
        let digest = Sha256::digest(self.id.to_be_bytes());
        digest
            .iter()
            .take(10)
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

/// The seeded data, computed on demand from a [`SeedConfig`].
#[derive(Debug, Clone)]
pub struct Seed {
    config: SeedConfig,
}

impl Seed {
    pub fn new(config: SeedConfig) -> Self {
        Seed { config }
    }

    pub fn project_count(&self) -> usize {
        self.config.projects
    }

    /// Returns the NORMAL project at `index` in list order.
    pub fn project(&self, index: usize) -> Option<Project> {
        if index >= self.config.projects {
            return None;
        }
        let id = index as u64 + 1;
        let project = match NAMED_PROJECTS.get(index) {
            Some((key, name, description, public)) => Project {
                id,
                key: key.to_string(),
                name: name.to_string(),
                description: description.map(str::to_string),
                public: *public,
                owner: None,
            },
            None => Project {
                id,
                key: format!("P{id:05}"),
                name: format!("Project {id:05}"),
                description: None,
                public: false,
                owner: None,
            },
        };
        Some(project)
    }

    /// Finds a NORMAL or PERSONAL project by key; personal keys are `~username`.
    pub fn find_project(&self, key: &str) -> Option<(Project, Option<usize>)> {
        if let Some(username) = key.strip_prefix('~') {
            let user = find_user(&username.to_lowercase())?;
            return Some((self.personal_project(user), None));
        }
        let key = key.to_uppercase();
        if let Some(index) = NAMED_PROJECTS.iter().position(|named| named.0 == key) {
            return self.project(index).map(|project| (project, Some(index)));
        }
        let number: usize = key.strip_prefix('P')?.parse().ok()?;
        let index = number.checked_sub(1)?;
        let project = self.project(index)?;
        (project.key == key).then_some((project, Some(index)))
    }

    pub fn personal_project(&self, user: &'static User) -> Project {
        Project {
            id: self.config.projects as u64 + user.id,
            key: format!("~{}", user.username.to_uppercase()),
            name: user.display_name.to_string(),
            description: None,
            public: false,
            owner: Some(user.username),
        }
    }

    /// Number of repositories in the global list: all NORMAL ones, then personal ones.
    pub fn repository_count(&self) -> usize {
        self.normal_repository_count() + PERSONAL_REPOSITORIES.len()
    }

    fn normal_repository_count(&self) -> usize {
        self.config.projects * self.config.repositories_per_project
    }

    /// Returns the repository at `index` of the global list.
    pub fn repository(&self, index: usize) -> Option<Repository> {
        let per_project = self.config.repositories_per_project;
        if index < self.normal_repository_count() {
            let project = self.project(index / per_project)?;
            return Some(self.normal_repository(project, index % per_project, index));
        }
        let personal_index = index - self.normal_repository_count();
        let (owner, slug) = PERSONAL_REPOSITORIES.get(personal_index)?;
        let user = find_user(owner)?;
        Some(Repository {
            id: index as u64 + 1,
            slug: slug.to_string(),
            name: slug.to_string(),
            archived: false,
            project: self.personal_project(user),
        })
    }

    fn normal_repository(&self, project: Project, position: usize, index: usize) -> Repository {
        let base = REPOSITORY_NAMES[position % REPOSITORY_NAMES.len()];
        let round = position / REPOSITORY_NAMES.len();
        let slug = if round == 0 {
            base.to_string()
        } else {
            format!("{base}-{round}")
        };
        let every = self.config.archived_every;
        Repository {
            id: index as u64 + 1,
            name: slug.clone(),
            slug,
            archived: every > 0 && position % every == every - 1,
            project,
        }
    }

    /// Global indexes of the repositories of the project with `key`.
    pub fn project_repository_range(&self, key: &str) -> Option<std::ops::Range<usize>> {
        let (project, index) = self.find_project(key)?;
        match index {
            Some(index) => {
                let per_project = self.config.repositories_per_project;
                Some(index * per_project..(index + 1) * per_project)
            }
            None => {
                let start = self.normal_repository_count();
                let owned = PERSONAL_REPOSITORIES
                    .iter()
                    .enumerate()
                    .filter(|(_, (owner, _))| Some(*owner) == project.owner)
                    .map(|(position, _)| start + position);
                let first = owned.clone().min()?;
                let last = owned.max()?;
                Some(first..last + 1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_finds_numbered_project() {
        let seed = Seed::new(SeedConfig {
            projects: 20,
            ..SeedConfig::default()
        });
        let (project, index) = seed.find_project("P00012").expect("project exists");
        assert_eq!(project.name, "Project 00012");
        assert_eq!(index, Some(11));
    }

    #[test]
    fn seed_finds_personal_project() {
        let seed = Seed::new(SeedConfig::default());
        let (project, index) = seed.find_project("~SANDBOX-ADMIN").expect("project exists");
        assert_eq!(project.owner, Some(SANDBOX_USERNAME));
        assert_eq!(index, None);
        let range = seed
            .project_repository_range("~sandbox-admin")
            .expect("range");
        assert_eq!(range.len(), 2);
    }

    #[test]
    fn admin_cannot_read_security() {
        let seed = Seed::new(SeedConfig::default());
        let admin = find_user(SANDBOX_USERNAME);
        let (security, _) = seed.find_project("SEC").expect("project exists");
        assert!(!security.readable_by(admin));
        let (platform, _) = seed.find_project("PLAT").expect("project exists");
        assert!(platform.readable_by(admin));
    }
}
