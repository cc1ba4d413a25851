
use builtin;
use str;

set edit:completion:arg-completer[gitme] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'gitme'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'gitme'= {
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand auth 'Sign in to GitMe, show the signed-in account, or sign out'
            cand connect 'Connect a code host to GitMe'
            cand config 'Show or change the config file'
            cand doctor 'Check the network path to a Bitbucket instance and GitMe, and print the fix for each problem'
            cand integrations 'List, show and disconnect the integrations of the GitMe workspace'
            cand sandbox 'Run the Bitbucket emulator and the GitMe backend emulator on loopback'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;auth'= {
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token'
            cand status 'Show the signed-in user, workspace, role and where the token comes from'
            cand logout 'Remove the stored GitMe token from the keyring and the insecure token file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;auth;login'= {
            cand --backend-url 'GitMe backend URL'
            cand --ca-cert 'PEM file of a CA to trust, in addition to the system roots, for the backend'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand --with-token 'Read a GitMe API token from standard input instead of signing in in a browser'
            cand --insecure-storage 'Store the token unencrypted in a file readable only by you, instead of the OS keyring'
            cand --no-browser 'Print the verification URL instead of opening a browser'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;auth;status'= {
            cand --backend-url 'GitMe backend URL'
            cand --ca-cert 'PEM file of a CA to trust, in addition to the system roots, for the backend'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand --json 'Print one JSON document on stdout'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;auth;logout'= {
            cand --backend-url 'GitMe backend URL'
            cand --ca-cert 'PEM file of a CA to trust, in addition to the system roots, for the backend'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;auth;help'= {
            cand login 'Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token'
            cand status 'Show the signed-in user, workspace, role and where the token comes from'
            cand logout 'Remove the stored GitMe token from the keyring and the insecure token file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;auth;help;login'= {
        }
        &'gitme;auth;help;status'= {
        }
        &'gitme;auth;help;logout'= {
        }
        &'gitme;auth;help;help'= {
        }
        &'gitme;connect'= {
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand bitbucket 'Connect a self-hosted Bitbucket Server or Data Center instance'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;connect;bitbucket'= {
            cand --instance-url 'Base URL of the Bitbucket instance, including any context path (https://bitbucket.example.com/bitbucket)'
            cand --client-id 'Client ID of the incoming application link created in Bitbucket'
            cand --client-secret-file 'Read the client secret from FILE, or from standard input when FILE is `-`. The GITME_BITBUCKET_CLIENT_SECRET environment variable is the other non-interactive way'
            cand --backend-url 'GitMe backend URL'
            cand --ca-cert 'PEM file of a CA to trust, in addition to the system roots, for the instance and the backend'
            cand --timeout 'How long to wait for the authorization in the browser (`90s`, `10m`, `1h`)'
            cand --from-file 'Connect every instance listed in this TOML file (`[[instance]]` tables with `instance_url`, `client_id`, `client_secret_file` or `client_secret_env`, and an optional `ca_cert`)'
            cand --jobs 'How many instances of `--from-file` to connect at the same time'
            cand --resume 'Wait for an integration that was already registered, by its ID, instead of registering a new one'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -y 'Confirm that the application link exists in Bitbucket without asking'
            cand --yes 'Confirm that the application link exists in Bitbucket without asking'
            cand --no-browser 'Print the authorization URL instead of opening a browser'
            cand --no-wait 'Register and print the authorization URL and integration ID, then exit without waiting; `--resume ID` waits later'
            cand --reauthorize 'When the instance is already connected, authorize GitMe again under the existing integration instead of stopping'
            cand --json 'Print one JSON document with the result on stdout; progress stays on stderr'
            cand --no-input 'Never prompt; a missing value is an error that names its flag'
            cand --sandbox 'Start the Bitbucket and GitMe emulators on loopback and connect to them. The sandbox supplies the instance URL, backend URL, CA, token and client credentials'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;connect;help'= {
            cand bitbucket 'Connect a self-hosted Bitbucket Server or Data Center instance'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;connect;help;bitbucket'= {
        }
        &'gitme;connect;help;help'= {
        }
        &'gitme;config'= {
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show every setting, its value and where the value came from'
            cand set 'Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile `--profile` names or at the top level'
            cand unset 'Remove a key, from the profile `--profile` names or from the top level'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;config;show'= {
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand --json 'Print one JSON document on stdout'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;config;set'= {
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;config;unset'= {
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;config;path'= {
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;config;help'= {
            cand show 'Show every setting, its value and where the value came from'
            cand set 'Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile `--profile` names or at the top level'
            cand unset 'Remove a key, from the profile `--profile` names or from the top level'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;config;help;show'= {
        }
        &'gitme;config;help;set'= {
        }
        &'gitme;config;help;unset'= {
        }
        &'gitme;config;help;path'= {
        }
        &'gitme;config;help;help'= {
        }
        &'gitme;doctor'= {
            cand --instance-url 'Base URL of the Bitbucket instance, including any context path'
            cand --backend-url 'GitMe backend URL'
            cand --ca-cert 'PEM file of a CA to trust in addition to the system roots; a certificate trusted only through it is reported as a warning'
            cand --timeout 'Deadline of the whole run (`10s`, `1m`); checks still running then fail'
            cand --check 'Run only this check and its prerequisites; repeat for more (for example `--check instance.tls`)'
            cand --dns-server 'Resolve names through this DNS server only (IP:PORT), for example to compare the VPN''s DNS with a public one'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand --json 'Print one JSON document with every check on stdout'
            cand --sandbox 'Run every check against a fresh in-process sandbox; its URLs, CA and token replace the instance URL, backend URL, CA file and token'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;integrations'= {
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every integration of the workspace, cloud and self-hosted'
            cand show 'Show one integration: status, instance, connected user, discovery, sync and last error'
            cand repos 'List the repositories an integration discovered, one page at a time'
            cand disconnect 'Disconnect a self-hosted Bitbucket integration and delete it from GitMe'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;integrations;list'= {
            cand --backend-url 'GitMe backend URL'
            cand --ca-cert 'PEM file of a CA to trust, in addition to the system roots, for the backend'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand --json 'Print one JSON document on stdout instead of a table'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;integrations;show'= {
            cand --backend-url 'GitMe backend URL'
            cand --ca-cert 'PEM file of a CA to trust, in addition to the system roots, for the backend'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand --json 'Print one JSON document on stdout'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;integrations;repos'= {
            cand --limit 'The maximum number of repositories to print'
            cand --cursor 'Start after this cursor, as a previous page printed it'
            cand --backend-url 'GitMe backend URL'
            cand --ca-cert 'PEM file of a CA to trust, in addition to the system roots, for the backend'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand --json 'Print one JSON document on stdout instead of a table'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;integrations;disconnect'= {
            cand --backend-url 'GitMe backend URL'
            cand --ca-cert 'PEM file of a CA to trust, in addition to the system roots, for the backend'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -y 'Disconnect without asking for confirmation'
            cand --yes 'Disconnect without asking for confirmation'
            cand --no-input 'Never prompt; without `--yes` this is an error'
            cand --json 'Print one JSON document on stdout'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;integrations;help'= {
            cand list 'List every integration of the workspace, cloud and self-hosted'
            cand show 'Show one integration: status, instance, connected user, discovery, sync and last error'
            cand repos 'List the repositories an integration discovered, one page at a time'
            cand disconnect 'Disconnect a self-hosted Bitbucket integration and delete it from GitMe'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;integrations;help;list'= {
        }
        &'gitme;integrations;help;show'= {
        }
        &'gitme;integrations;help;repos'= {
        }
        &'gitme;integrations;help;disconnect'= {
        }
        &'gitme;integrations;help;help'= {
        }
        &'gitme;sandbox'= {
            cand --dir 'Directory for the CA certificate and the client secret file; a new temporary directory when not given'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand browser 'Sign in to the Bitbucket emulator as the sandbox user and submit the consent page, as a browser would. Usable as `BROWSER="gitme sandbox browser"`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;sandbox;browser'= {
            cand --ca-cert 'The sandbox CA certificate file that `gitme sandbox` printed'
            cand --color 'When to colour output; a non-empty `NO_COLOR` turns `auto` off'
            cand --config 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`'
            cand --profile 'Use the values of this `[profiles.NAME]` table of the config file'
            cand --deny 'Press Deny instead of Allow'
            cand -v 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand --verbose 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
            cand -q 'Print only warnings, errors and the final result'
            cand --quiet 'Print only warnings, errors and the final result'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gitme;sandbox;help'= {
            cand browser 'Sign in to the Bitbucket emulator as the sandbox user and submit the consent page, as a browser would. Usable as `BROWSER="gitme sandbox browser"`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;sandbox;help;browser'= {
        }
        &'gitme;sandbox;help;help'= {
        }
        &'gitme;help'= {
            cand auth 'Sign in to GitMe, show the signed-in account, or sign out'
            cand connect 'Connect a code host to GitMe'
            cand config 'Show or change the config file'
            cand doctor 'Check the network path to a Bitbucket instance and GitMe, and print the fix for each problem'
            cand integrations 'List, show and disconnect the integrations of the GitMe workspace'
            cand sandbox 'Run the Bitbucket emulator and the GitMe backend emulator on loopback'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gitme;help;auth'= {
            cand login 'Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token'
            cand status 'Show the signed-in user, workspace, role and where the token comes from'
            cand logout 'Remove the stored GitMe token from the keyring and the insecure token file'
        }
        &'gitme;help;auth;login'= {
        }
        &'gitme;help;auth;status'= {
        }
        &'gitme;help;auth;logout'= {
        }
        &'gitme;help;connect'= {
            cand bitbucket 'Connect a self-hosted Bitbucket Server or Data Center instance'
        }
        &'gitme;help;connect;bitbucket'= {
        }
        &'gitme;help;config'= {
            cand show 'Show every setting, its value and where the value came from'
            cand set 'Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile `--profile` names or at the top level'
            cand unset 'Remove a key, from the profile `--profile` names or from the top level'
            cand path 'Print the config file''s path'
        }
        &'gitme;help;config;show'= {
        }
        &'gitme;help;config;set'= {
        }
        &'gitme;help;config;unset'= {
        }
        &'gitme;help;config;path'= {
        }
        &'gitme;help;doctor'= {
        }
        &'gitme;help;integrations'= {
            cand list 'List every integration of the workspace, cloud and self-hosted'
            cand show 'Show one integration: status, instance, connected user, discovery, sync and last error'
            cand repos 'List the repositories an integration discovered, one page at a time'
            cand disconnect 'Disconnect a self-hosted Bitbucket integration and delete it from GitMe'
        }
        &'gitme;help;integrations;list'= {
        }
        &'gitme;help;integrations;show'= {
        }
        &'gitme;help;integrations;repos'= {
        }
        &'gitme;help;integrations;disconnect'= {
        }
        &'gitme;help;sandbox'= {
            cand browser 'Sign in to the Bitbucket emulator as the sandbox user and submit the consent page, as a browser would. Usable as `BROWSER="gitme sandbox browser"`'
        }
        &'gitme;help;sandbox;browser'= {
        }
        &'gitme;help;help'= {
        }
    ]
    $completions[$command]
}
