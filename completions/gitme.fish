# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_gitme_global_optspecs
    string join \n v/verbose q/quiet color= config= profile= h/help V/version
end

function __fish_gitme_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_gitme_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_gitme_using_subcommand
    set -l cmd (__fish_gitme_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c gitme -n "__fish_gitme_needs_command" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_needs_command" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_needs_command" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_needs_command" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_needs_command" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_needs_command" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_needs_command" -f -a "auth" -d 'Sign in to GitMe, show the signed-in account, or sign out'
complete -c gitme -n "__fish_gitme_needs_command" -f -a "connect" -d 'Connect a code host to GitMe'
complete -c gitme -n "__fish_gitme_needs_command" -f -a "config" -d 'Show or change the config file'
complete -c gitme -n "__fish_gitme_needs_command" -f -a "doctor" -d 'Check the network path to a Bitbucket instance and GitMe, and print the fix for each problem'
complete -c gitme -n "__fish_gitme_needs_command" -f -a "integrations" -d 'List, show and disconnect the integrations of the GitMe workspace'
complete -c gitme -n "__fish_gitme_needs_command" -f -a "sandbox" -d 'Run the Bitbucket emulator and the GitMe backend emulator on loopback'
complete -c gitme -n "__fish_gitme_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "login" -d 'Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "status" -d 'Show the signed-in user, workspace, role and where the token comes from'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "logout" -d 'Remove the stored GitMe token from the keyring and the insecure token file'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -l backend-url -d 'GitMe backend URL' -r
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -l ca-cert -d 'PEM file of a CA to trust, in addition to the system roots, for the backend' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -l with-token -d 'Read a GitMe API token from standard input instead of signing in in a browser'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -l insecure-storage -d 'Store the token unencrypted in a file readable only by you, instead of the OS keyring'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-browser -d 'Print the verification URL instead of opening a browser'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from login" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -l backend-url -d 'GitMe backend URL' -r
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -l ca-cert -d 'PEM file of a CA to trust, in addition to the system roots, for the backend' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON document on stdout'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from logout" -l backend-url -d 'GitMe backend URL' -r
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from logout" -l ca-cert -d 'PEM file of a CA to trust, in addition to the system roots, for the backend' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from logout" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from logout" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from logout" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from logout" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "login" -d 'Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the signed-in user, workspace, role and where the token comes from'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "logout" -d 'Remove the stored GitMe token from the keyring and the insecure token file'
complete -c gitme -n "__fish_gitme_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and not __fish_seen_subcommand_from bitbucket help" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand connect; and not __fish_seen_subcommand_from bitbucket help" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand connect; and not __fish_seen_subcommand_from bitbucket help" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand connect; and not __fish_seen_subcommand_from bitbucket help" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and not __fish_seen_subcommand_from bitbucket help" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and not __fish_seen_subcommand_from bitbucket help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and not __fish_seen_subcommand_from bitbucket help" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and not __fish_seen_subcommand_from bitbucket help" -f -a "bitbucket" -d 'Connect a self-hosted Bitbucket Server or Data Center instance'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and not __fish_seen_subcommand_from bitbucket help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l instance-url -d 'Base URL of the Bitbucket instance, including any context path (https://bitbucket.example.com/bitbucket)' -r
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l client-id -d 'Client ID of the incoming application link created in Bitbucket' -r
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l client-secret-file -d 'Read the client secret from FILE, or from standard input when FILE is `-`. The GITME_BITBUCKET_CLIENT_SECRET environment variable is the other non-interactive way' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l backend-url -d 'GitMe backend URL' -r
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l ca-cert -d 'PEM file of a CA to trust, in addition to the system roots, for the instance and the backend' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l timeout -d 'How long to wait for the authorization in the browser (`90s`, `10m`, `1h`)' -r
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l from-file -d 'Connect every instance listed in this TOML file (`[[instance]]` tables with `instance_url`, `client_id`, `client_secret_file` or `client_secret_env`, and an optional `ca_cert`)' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l jobs -d 'How many instances of `--from-file` to connect at the same time' -r
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l resume -d 'Wait for an integration that was already registered, by its ID, instead of registering a new one' -r
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -s y -l yes -d 'Confirm that the application link exists in Bitbucket without asking'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l no-browser -d 'Print the authorization URL instead of opening a browser'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l no-wait -d 'Register and print the authorization URL and integration ID, then exit without waiting; `--resume ID` waits later'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l reauthorize -d 'When the instance is already connected, authorize GitMe again under the existing integration instead of stopping'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l json -d 'Print one JSON document with the result on stdout; progress stays on stderr'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -l sandbox -d 'Start the Bitbucket and GitMe emulators on loopback and connect to them. The sandbox supplies the instance URL, backend URL, CA, token and client credentials'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from bitbucket" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from help" -f -a "bitbucket" -d 'Connect a self-hosted Bitbucket Server or Data Center instance'
complete -c gitme -n "__fish_gitme_using_subcommand connect; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -f -a "show" -d 'Show every setting, its value and where the value came from'
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -f -a "set" -d 'Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile `--profile` names or at the top level'
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -f -a "unset" -d 'Remove a key, from the profile `--profile` names or from the top level'
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -f -a "path" -d 'Print the config file\'s path'
complete -c gitme -n "__fish_gitme_using_subcommand config; and not __fish_seen_subcommand_from show set unset path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from set" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from set" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from set" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from unset" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from unset" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from unset" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show every setting, its value and where the value came from'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile `--profile` names or at the top level'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove a key, from the profile `--profile` names or from the top level'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the config file\'s path'
complete -c gitme -n "__fish_gitme_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l instance-url -d 'Base URL of the Bitbucket instance, including any context path' -r
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l backend-url -d 'GitMe backend URL' -r
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l ca-cert -d 'PEM file of a CA to trust in addition to the system roots; a certificate trusted only through it is reported as a warning' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l timeout -d 'Deadline of the whole run (`10s`, `1m`); checks still running then fail' -r
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l check -d 'Run only this check and its prerequisites; repeat for more (for example `--check instance.tls`)' -r -f -a "instance.url\t''
instance.dns\t''
instance.tcp\t''
instance.tls\t''
instance.http\t''
instance.bitbucket\t''
instance.oauth\t''
instance.rest_api\t''
instance.clock\t''
proxy\t''
gitme.backend\t''
gitme.token\t''
gitme.cloud_probe\t''
gitme.registration\t''"
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l dns-server -d 'Resolve names through this DNS server only (IP:PORT), for example to compare the VPN\'s DNS with a public one' -r
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l json -d 'Print one JSON document with every check on stdout'
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -l sandbox -d 'Run every check against a fresh in-process sandbox; its URLs, CA and token replace the instance URL, backend URL, CA file and token'
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -f -a "list" -d 'List every integration of the workspace, cloud and self-hosted'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -f -a "show" -d 'Show one integration: status, instance, connected user, discovery, sync and last error'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -f -a "repos" -d 'List the repositories an integration discovered, one page at a time'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -f -a "disconnect" -d 'Disconnect a self-hosted Bitbucket integration and delete it from GitMe'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and not __fish_seen_subcommand_from list show repos disconnect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -l backend-url -d 'GitMe backend URL' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -l ca-cert -d 'PEM file of a CA to trust, in addition to the system roots, for the backend' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of a table'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -l backend-url -d 'GitMe backend URL' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -l ca-cert -d 'PEM file of a CA to trust, in addition to the system roots, for the backend' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -l limit -d 'The maximum number of repositories to print' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -l cursor -d 'Start after this cursor, as a previous page printed it' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -l backend-url -d 'GitMe backend URL' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -l ca-cert -d 'PEM file of a CA to trust, in addition to the system roots, for the backend' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -l json -d 'Print one JSON document on stdout instead of a table'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from repos" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -l backend-url -d 'GitMe backend URL' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -l ca-cert -d 'PEM file of a CA to trust, in addition to the system roots, for the backend' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -s y -l yes -d 'Disconnect without asking for confirmation'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -l no-input -d 'Never prompt; without `--yes` this is an error'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -l json -d 'Print one JSON document on stdout'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from disconnect" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every integration of the workspace, cloud and self-hosted'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one integration: status, instance, connected user, discovery, sync and last error'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from help" -f -a "repos" -d 'List the repositories an integration discovered, one page at a time'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from help" -f -a "disconnect" -d 'Disconnect a self-hosted Bitbucket integration and delete it from GitMe'
complete -c gitme -n "__fish_gitme_using_subcommand integrations; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -l dir -d 'Directory for the CA certificate and the client secret file; a new temporary directory when not given' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -f -a "browser" -d 'Sign in to the Bitbucket emulator as the sandbox user and submit the consent page, as a browser would. Usable as `BROWSER="gitme sandbox browser"`'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and not __fish_seen_subcommand_from browser help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from browser" -l ca-cert -d 'The sandbox CA certificate file that `gitme sandbox` printed' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from browser" -l color -d 'When to colour output; a non-empty `NO_COLOR` turns `auto` off' -r -f -a "auto\t'Colour on a terminal, unless `NO_COLOR` is set'
always\t'Colour even when stderr is not a terminal'
never\t'No colour'"
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from browser" -l config -d 'Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`' -r -F
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from browser" -l profile -d 'Use the values of this `[profiles.NAME]` table of the config file' -r
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from browser" -l deny -d 'Press Deny instead of Allow'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from browser" -s v -l verbose -d 'Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted)'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from browser" -s q -l quiet -d 'Print only warnings, errors and the final result'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from browser" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from browser" -s V -l version -d 'Print version'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "browser" -d 'Sign in to the Bitbucket emulator as the sandbox user and submit the consent page, as a browser would. Usable as `BROWSER="gitme sandbox browser"`'
complete -c gitme -n "__fish_gitme_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand help; and not __fish_seen_subcommand_from auth connect config doctor integrations sandbox help" -f -a "auth" -d 'Sign in to GitMe, show the signed-in account, or sign out'
complete -c gitme -n "__fish_gitme_using_subcommand help; and not __fish_seen_subcommand_from auth connect config doctor integrations sandbox help" -f -a "connect" -d 'Connect a code host to GitMe'
complete -c gitme -n "__fish_gitme_using_subcommand help; and not __fish_seen_subcommand_from auth connect config doctor integrations sandbox help" -f -a "config" -d 'Show or change the config file'
complete -c gitme -n "__fish_gitme_using_subcommand help; and not __fish_seen_subcommand_from auth connect config doctor integrations sandbox help" -f -a "doctor" -d 'Check the network path to a Bitbucket instance and GitMe, and print the fix for each problem'
complete -c gitme -n "__fish_gitme_using_subcommand help; and not __fish_seen_subcommand_from auth connect config doctor integrations sandbox help" -f -a "integrations" -d 'List, show and disconnect the integrations of the GitMe workspace'
complete -c gitme -n "__fish_gitme_using_subcommand help; and not __fish_seen_subcommand_from auth connect config doctor integrations sandbox help" -f -a "sandbox" -d 'Run the Bitbucket emulator and the GitMe backend emulator on loopback'
complete -c gitme -n "__fish_gitme_using_subcommand help; and not __fish_seen_subcommand_from auth connect config doctor integrations sandbox help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "login" -d 'Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Show the signed-in user, workspace, role and where the token comes from'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'Remove the stored GitMe token from the keyring and the insecure token file'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from connect" -f -a "bitbucket" -d 'Connect a self-hosted Bitbucket Server or Data Center instance'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Show every setting, its value and where the value came from'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile `--profile` names or at the top level'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Remove a key, from the profile `--profile` names or from the top level'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the config file\'s path'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from integrations" -f -a "list" -d 'List every integration of the workspace, cloud and self-hosted'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from integrations" -f -a "show" -d 'Show one integration: status, instance, connected user, discovery, sync and last error'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from integrations" -f -a "repos" -d 'List the repositories an integration discovered, one page at a time'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from integrations" -f -a "disconnect" -d 'Disconnect a self-hosted Bitbucket integration and delete it from GitMe'
complete -c gitme -n "__fish_gitme_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "browser" -d 'Sign in to the Bitbucket emulator as the sandbox user and submit the consent page, as a browser would. Usable as `BROWSER="gitme sandbox browser"`'
