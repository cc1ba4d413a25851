
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'gitme' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'gitme'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'gitme' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Sign in to GitMe, show the signed-in account, or sign out')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect a code host to GitMe')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or change the config file')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the network path to a Bitbucket instance and GitMe, and print the fix for each problem')
            [CompletionResult]::new('integrations', 'integrations', [CompletionResultType]::ParameterValue, 'List, show and disconnect the integrations of the GitMe workspace')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run the Bitbucket emulator and the GitMe backend emulator on loopback')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;auth' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the signed-in user, workspace, role and where the token comes from')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the stored GitMe token from the keyring and the insecure token file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;auth;login' {
            [CompletionResult]::new('--backend-url', '--backend-url', [CompletionResultType]::ParameterName, 'GitMe backend URL')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of a CA to trust, in addition to the system roots, for the backend')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('--with-token', '--with-token', [CompletionResultType]::ParameterName, 'Read a GitMe API token from standard input instead of signing in in a browser')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Store the token unencrypted in a file readable only by you, instead of the OS keyring')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the verification URL instead of opening a browser')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;auth;status' {
            [CompletionResult]::new('--backend-url', '--backend-url', [CompletionResultType]::ParameterName, 'GitMe backend URL')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of a CA to trust, in addition to the system roots, for the backend')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;auth;logout' {
            [CompletionResult]::new('--backend-url', '--backend-url', [CompletionResultType]::ParameterName, 'GitMe backend URL')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of a CA to trust, in addition to the system roots, for the backend')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;auth;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the signed-in user, workspace, role and where the token comes from')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the stored GitMe token from the keyring and the insecure token file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;auth;help;login' {
            break
        }
        'gitme;auth;help;status' {
            break
        }
        'gitme;auth;help;logout' {
            break
        }
        'gitme;auth;help;help' {
            break
        }
        'gitme;connect' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('bitbucket', 'bitbucket', [CompletionResultType]::ParameterValue, 'Connect a self-hosted Bitbucket Server or Data Center instance')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;connect;bitbucket' {
            [CompletionResult]::new('--instance-url', '--instance-url', [CompletionResultType]::ParameterName, 'Base URL of the Bitbucket instance, including any context path (https://bitbucket.example.com/bitbucket)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID of the incoming application link created in Bitbucket')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from FILE, or from standard input when FILE is `-`. The GITME_BITBUCKET_CLIENT_SECRET environment variable is the other non-interactive way')
            [CompletionResult]::new('--backend-url', '--backend-url', [CompletionResultType]::ParameterName, 'GitMe backend URL')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of a CA to trust, in addition to the system roots, for the instance and the backend')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the authorization in the browser (`90s`, `10m`, `1h`)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Connect every instance listed in this TOML file (`[[instance]]` tables with `instance_url`, `client_id`, `client_secret_file` or `client_secret_env`, and an optional `ca_cert`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many instances of `--from-file` to connect at the same time')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Wait for an integration that was already registered, by its ID, instead of registering a new one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Confirm that the application link exists in Bitbucket without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm that the application link exists in Bitbucket without asking')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the authorization URL instead of opening a browser')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Register and print the authorization URL and integration ID, then exit without waiting; `--resume ID` waits later')
            [CompletionResult]::new('--reauthorize', '--reauthorize', [CompletionResultType]::ParameterName, 'When the instance is already connected, authorize GitMe again under the existing integration instead of stopping')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document with the result on stdout; progress stays on stderr')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Start the Bitbucket and GitMe emulators on loopback and connect to them. The sandbox supplies the instance URL, backend URL, CA, token and client credentials')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;connect;help' {
            [CompletionResult]::new('bitbucket', 'bitbucket', [CompletionResultType]::ParameterValue, 'Connect a self-hosted Bitbucket Server or Data Center instance')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;connect;help;bitbucket' {
            break
        }
        'gitme;connect;help;help' {
            break
        }
        'gitme;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every setting, its value and where the value came from')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile `--profile` names or at the top level')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a key, from the profile `--profile` names or from the top level')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;config;show' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;config;set' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;config;unset' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;config;path' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every setting, its value and where the value came from')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile `--profile` names or at the top level')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a key, from the profile `--profile` names or from the top level')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;config;help;show' {
            break
        }
        'gitme;config;help;set' {
            break
        }
        'gitme;config;help;unset' {
            break
        }
        'gitme;config;help;path' {
            break
        }
        'gitme;config;help;help' {
            break
        }
        'gitme;doctor' {
            [CompletionResult]::new('--instance-url', '--instance-url', [CompletionResultType]::ParameterName, 'Base URL of the Bitbucket instance, including any context path')
            [CompletionResult]::new('--backend-url', '--backend-url', [CompletionResultType]::ParameterName, 'GitMe backend URL')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of a CA to trust in addition to the system roots; a certificate trusted only through it is reported as a warning')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run (`10s`, `1m`); checks still running then fail')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Run only this check and its prerequisites; repeat for more (for example `--check instance.tls`)')
            [CompletionResult]::new('--dns-server', '--dns-server', [CompletionResultType]::ParameterName, 'Resolve names through this DNS server only (IP:PORT), for example to compare the VPN''s DNS with a public one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document with every check on stdout')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run every check against a fresh in-process sandbox; its URLs, CA and token replace the instance URL, backend URL, CA file and token')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;integrations' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every integration of the workspace, cloud and self-hosted')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one integration: status, instance, connected user, discovery, sync and last error')
            [CompletionResult]::new('repos', 'repos', [CompletionResultType]::ParameterValue, 'List the repositories an integration discovered, one page at a time')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Disconnect a self-hosted Bitbucket integration and delete it from GitMe')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;integrations;list' {
            [CompletionResult]::new('--backend-url', '--backend-url', [CompletionResultType]::ParameterName, 'GitMe backend URL')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of a CA to trust, in addition to the system roots, for the backend')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of a table')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;integrations;show' {
            [CompletionResult]::new('--backend-url', '--backend-url', [CompletionResultType]::ParameterName, 'GitMe backend URL')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of a CA to trust, in addition to the system roots, for the backend')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;integrations;repos' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'The maximum number of repositories to print')
            [CompletionResult]::new('--cursor', '--cursor', [CompletionResultType]::ParameterName, 'Start after this cursor, as a previous page printed it')
            [CompletionResult]::new('--backend-url', '--backend-url', [CompletionResultType]::ParameterName, 'GitMe backend URL')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of a CA to trust, in addition to the system roots, for the backend')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of a table')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;integrations;disconnect' {
            [CompletionResult]::new('--backend-url', '--backend-url', [CompletionResultType]::ParameterName, 'GitMe backend URL')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of a CA to trust, in addition to the system roots, for the backend')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Disconnect without asking for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Disconnect without asking for confirmation')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; without `--yes` this is an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;integrations;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every integration of the workspace, cloud and self-hosted')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one integration: status, instance, connected user, discovery, sync and last error')
            [CompletionResult]::new('repos', 'repos', [CompletionResultType]::ParameterValue, 'List the repositories an integration discovered, one page at a time')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Disconnect a self-hosted Bitbucket integration and delete it from GitMe')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;integrations;help;list' {
            break
        }
        'gitme;integrations;help;show' {
            break
        }
        'gitme;integrations;help;repos' {
            break
        }
        'gitme;integrations;help;disconnect' {
            break
        }
        'gitme;integrations;help;help' {
            break
        }
        'gitme;sandbox' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory for the CA certificate and the client secret file; a new temporary directory when not given')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('browser', 'browser', [CompletionResultType]::ParameterValue, 'Sign in to the Bitbucket emulator as the sandbox user and submit the consent page, as a browser would. Usable as `BROWSER="gitme sandbox browser"`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;sandbox;browser' {
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'The sandbox CA certificate file that `gitme sandbox` printed')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; a non-empty `NO_COLOR` turns `auto` off')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the values of this `[profiles.NAME]` table of the config file')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Press Deny instead of Allow')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and the final result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gitme;sandbox;help' {
            [CompletionResult]::new('browser', 'browser', [CompletionResultType]::ParameterValue, 'Sign in to the Bitbucket emulator as the sandbox user and submit the consent page, as a browser would. Usable as `BROWSER="gitme sandbox browser"`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;sandbox;help;browser' {
            break
        }
        'gitme;sandbox;help;help' {
            break
        }
        'gitme;help' {
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Sign in to GitMe, show the signed-in account, or sign out')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect a code host to GitMe')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or change the config file')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the network path to a Bitbucket instance and GitMe, and print the fix for each problem')
            [CompletionResult]::new('integrations', 'integrations', [CompletionResultType]::ParameterValue, 'List, show and disconnect the integrations of the GitMe workspace')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run the Bitbucket emulator and the GitMe backend emulator on loopback')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gitme;help;auth' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the signed-in user, workspace, role and where the token comes from')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the stored GitMe token from the keyring and the insecure token file')
            break
        }
        'gitme;help;auth;login' {
            break
        }
        'gitme;help;auth;status' {
            break
        }
        'gitme;help;auth;logout' {
            break
        }
        'gitme;help;connect' {
            [CompletionResult]::new('bitbucket', 'bitbucket', [CompletionResultType]::ParameterValue, 'Connect a self-hosted Bitbucket Server or Data Center instance')
            break
        }
        'gitme;help;connect;bitbucket' {
            break
        }
        'gitme;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every setting, its value and where the value came from')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile `--profile` names or at the top level')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a key, from the profile `--profile` names or from the top level')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            break
        }
        'gitme;help;config;show' {
            break
        }
        'gitme;help;config;set' {
            break
        }
        'gitme;help;config;unset' {
            break
        }
        'gitme;help;config;path' {
            break
        }
        'gitme;help;doctor' {
            break
        }
        'gitme;help;integrations' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every integration of the workspace, cloud and self-hosted')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one integration: status, instance, connected user, discovery, sync and last error')
            [CompletionResult]::new('repos', 'repos', [CompletionResultType]::ParameterValue, 'List the repositories an integration discovered, one page at a time')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Disconnect a self-hosted Bitbucket integration and delete it from GitMe')
            break
        }
        'gitme;help;integrations;list' {
            break
        }
        'gitme;help;integrations;show' {
            break
        }
        'gitme;help;integrations;repos' {
            break
        }
        'gitme;help;integrations;disconnect' {
            break
        }
        'gitme;help;sandbox' {
            [CompletionResult]::new('browser', 'browser', [CompletionResultType]::ParameterValue, 'Sign in to the Bitbucket emulator as the sandbox user and submit the consent page, as a browser would. Usable as `BROWSER="gitme sandbox browser"`')
            break
        }
        'gitme;help;sandbox;browser' {
            break
        }
        'gitme;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
