# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ptreg_global_optspecs
    string join \n db= now= json actor= q/quiet dry-run reason= h/help V/version
end

function __fish_ptreg_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ptreg_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ptreg_using_subcommand
    set -l cmd (__fish_ptreg_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ptreg -n "__fish_ptreg_needs_command" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_needs_command" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_needs_command" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_needs_command" -l reason -d '(Commands that change the registry) why, recorded in the journal' -r
complete -c ptreg -n "__fish_ptreg_needs_command" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_needs_command" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_needs_command" -l dry-run -d '(Commands that change the registry) run whole, print what would change, and roll back'
complete -c ptreg -n "__fish_ptreg_needs_command" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_needs_command" -s V -l version -d 'Print version'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "init" -d 'Create the registry file with the default (or given) policy and lists'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "policy" -d 'Show or replace the policy in force'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "list" -d 'Manage the name lists (geographic, protected, obscene, blocked, reserved)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "check" -d 'Explain whether names are admissible, without registering them'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "contact" -d 'Manage contacts (registrants and technical contacts)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "registrar" -d 'Manage registrars (managing entities)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "register" -d 'Register a name (Art. 2, 3, 5-10, 26.2), or a batch of names'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "renew" -d 'Renew a name until expiry or during the grace period (Art. 17)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "update" -d 'Change a name\'s technical data (Art. 16)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "transfer" -d 'Transfer ownership (Art. 14) or management with a code (Art. 15.1)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "transfer-code" -d 'Issue a one-time management transfer code (Art. 15.1)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "remove" -d 'Remove a name (Art. 21, 22)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "oppose" -d 'Oppose a removal requested by the managing entity (Art. 21.2)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "cure" -d 'Cure the grounds of a pending registry removal (Art. 22.2)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "lock" -d 'Record a notified litigation (Art. 14.4, 17.4, 21.3)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "unlock" -d 'Lift a litigation lock'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "suspend" -d 'Suspend a name under an arbitral injunction (Art. 28)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "unsuspend" -d 'Lift a suspension'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "sweep" -d 'The daily job: expiries, grace, pending removals, proofs, reminders'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "show" -d 'Show one domain'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "domains" -d 'List domains'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "history" -d 'Show the journal entries of one name'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "ledger" -d 'List charges and refunds (Art. 18-20)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "notices" -d 'List the notices outbox, or acknowledge a notice as sent'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "whois" -d 'Answer WHOIS queries (Art. 30), on the command line or as a server'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "rdap" -d 'The RDAP directory (RFC 7480, 9082, 9083): serve it over HTTP, or print one answer'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "zone" -d 'Export the .pt zone'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "epp" -d 'EPP for registrars (RFC 5730-5734, 5910): the online channel'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "audit-sample" -d 'Draw the conformity sample of new names (Art. 8.1)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "audit" -d 'Conformity cases and the journal\'s integrity (Art. 8)'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "import" -d 'Import existing records (CSV or JSON Lines) with their dates and states'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "export" -d 'Export the whole registry as JSON Lines'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "backup" -d 'Copy the registry file safely while others use it'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "doctor" -d 'Check the registry file: integrity, journal, orphans, schema'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "completions" -d 'Print the completion script of a shell'
complete -c ptreg -n "__fish_ptreg_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand init" -l policy -d 'A policy TOML file instead of the built-in 2021 default' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand init" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand init" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand init" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand init" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand init" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand init" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -f -a "show" -d 'Print the policy in force (TOML)'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -f -a "set" -d 'Put a new policy version in force from --now'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from show" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from show" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from show" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from show" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from set" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from set" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from set" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from set" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from set" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from set" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the policy in force (TOML)'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "set" -d 'Put a new policy version in force from --now'
complete -c ptreg -n "__fish_ptreg_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -f -a "add" -d 'Add names to a list'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -f -a "remove" -d 'Remove names from a list: every entry under each name\'s key (exit 4, nothing removed, if one is not on it)'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -f -a "show" -d 'Print a list, or the entries under one name\'s key, with what each names, its languages and where it came from'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -f -a "import" -d 'Import a CSV or one-name-a-line file'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -f -a "refresh" -d 'Bring the built-in entries up to those this ptreg ships'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and not __fish_seen_subcommand_from add remove show import refresh help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -l detail -d 'What the names name, shown by `check` and `list show`' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -l language -d 'The languages the names are in (BCP 47 tags, space-separated)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from remove" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from remove" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from remove" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from remove" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from remove" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from remove" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: table on a terminal, tsv otherwise]' -r -f -a "table\t'Aligned columns with borders, for a person at a terminal'
tsv\t'A header line, then one row a line, tab-separated (\\t, \\n, \\\\ escaped)'
csv\t'Comma-separated values with a header (RFC 4180 quoting)'
json\t'One JSON array (the same as --json)'
jsonl\t'JSON Lines: one object a line'"
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from show" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from show" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from show" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from show" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -l column -d 'The CSV column holding the names (e.g. freguesia)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -l parishes -d 'Read the file as an official list of parishes (geographic only)'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from refresh" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from refresh" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from refresh" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from refresh" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from refresh" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from refresh" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add names to a list'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove names from a list: every entry under each name\'s key (exit 4, nothing removed, if one is not on it)'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a list, or the entries under one name\'s key, with what each names, its languages and where it came from'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import a CSV or one-name-a-line file'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from help" -f -a "refresh" -d 'Bring the built-in entries up to those this ptreg ships'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand check" -s f -l file -d 'Also check the names of this file, one a line (`-`: standard input); blank lines and lines starting with # are skipped' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand check" -l manager -d 'Check as if registered with this managing entity (a registrar id)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand check" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand check" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand check" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand check" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand check" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -f -a "add" -d 'Add a contact (name, email, phone, address, country required)'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -f -a "update" -d 'Update a contact\'s data (Art. 13)'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -f -a "show" -d 'Show a contact'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -f -a "list" -d 'List contacts'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -f -a "import" -d 'Import contacts from CSV (columns named like the flags)'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -f -a "erase" -d 'Erase a contact\'s personal data (RGPD) when no live domain uses it'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and not __fish_seen_subcommand_from add update show list import erase help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l name -d 'Full name' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l email -d 'E-mail address' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l phone -d 'Phone, as +CCC.NUMBER (+351.912345678)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l address -d 'Postal address' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l country -d 'Country, ISO 3166 two-letter code' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l kind -d 'Natural person or organisation (Art. 30.7)' -r -f -a "person\t''
organization\t''"
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l vat -d 'Tax number (a Portuguese NIF is checked)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l iban -d 'Bank account for refunds (Art. 29.2.g, 20), checked by its ISO 13616 check digits; never published' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l whois-consent -d 'The person consents to WHOIS disclosure (Art. 30.3)'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l no-whois-consent -d 'Withdraw WHOIS consent (Art. 30.4); with `update` only'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l name -d 'Full name' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l email -d 'E-mail address' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l phone -d 'Phone, as +CCC.NUMBER (+351.912345678)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l address -d 'Postal address' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l country -d 'Country, ISO 3166 two-letter code' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l kind -d 'Natural person or organisation (Art. 30.7)' -r -f -a "person\t''
organization\t''"
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l vat -d 'Tax number (a Portuguese NIF is checked)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l iban -d 'Bank account for refunds (Art. 29.2.g, 20), checked by its ISO 13616 check digits; never published' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l whois-consent -d 'The person consents to WHOIS disclosure (Art. 30.3)'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l no-whois-consent -d 'Withdraw WHOIS consent (Art. 30.4); with `update` only'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from show" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from show" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from show" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from show" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table on a terminal, tsv otherwise]' -r -f -a "table\t'Aligned columns with borders, for a person at a terminal'
tsv\t'A header line, then one row a line, tab-separated (\\t, \\n, \\\\ escaped)'
csv\t'Comma-separated values with a header (RFC 4180 quoting)'
json\t'One JSON array (the same as --json)'
jsonl\t'JSON Lines: one object a line'"
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from list" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from list" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from list" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from list" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from import" -l reject -d 'Import the good rows; write each bad one here with its line (exit 6 when any was)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from import" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from import" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from import" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from import" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from import" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from import" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from erase" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from erase" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from erase" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from erase" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from erase" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from erase" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from erase" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from erase" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a contact (name, email, phone, address, country required)'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from help" -f -a "update" -d 'Update a contact\'s data (Art. 13)'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a contact'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from help" -f -a "list" -d 'List contacts'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import contacts from CSV (columns named like the flags)'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from help" -f -a "erase" -d 'Erase a contact\'s personal data (RGPD) when no live domain uses it'
complete -c ptreg -n "__fish_ptreg_using_subcommand contact; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -f -a "add" -d 'Add a registrar (its name, address and e-mail are published, Art. 30.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -f -a "update" -d 'Change a registrar\'s name, e-mail, address or tax number'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -f -a "list" -d 'List registrars (with --as-of T: as they stood then)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -f -a "show" -d 'Show a registrar (with --as-of T: as it stood then)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -f -a "withdraw" -d 'Withdraw a registrar: its names pass to their registrants (Art. 15.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -f -a "import" -d 'Import registrars from CSV (columns id, name, email, address, vat)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -f -a "credentials" -d 'Set a registrar\'s EPP credentials (replacing any earlier ones)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and not __fish_seen_subcommand_from add update list show withdraw import credentials help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l name -d 'The registrar\'s name' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l email -d 'Its e-mail address (notices to the managing entity go there)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l address -d 'Postal address, shown by WHOIS (Art. 30.2)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l vat -d 'Its tax number (a Portuguese NIF is checked)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -l name -d 'The registrar\'s name' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -l email -d 'Its e-mail address' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -l address -d 'Postal address, shown by WHOIS (Art. 30.2)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -l vat -d 'Its tax number (a Portuguese NIF is checked)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table on a terminal, tsv otherwise]' -r -f -a "table\t'Aligned columns with borders, for a person at a terminal'
tsv\t'A header line, then one row a line, tab-separated (\\t, \\n, \\\\ escaped)'
csv\t'Comma-separated values with a header (RFC 4180 quoting)'
json\t'One JSON array (the same as --json)'
jsonl\t'JSON Lines: one object a line'"
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from list" -l as-of -d 'Answer as the registry stood at this time' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from list" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from list" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from list" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from list" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from show" -l as-of -d 'Answer as the registry stood at this time: the registrar\'s details then, and the live names it managed then' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from show" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from show" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from show" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from show" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from withdraw" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from withdraw" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from withdraw" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from withdraw" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from withdraw" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from withdraw" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from withdraw" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from withdraw" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from import" -l reject -d 'Import the good rows; write each bad one here with its line (exit 6 when any was)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from import" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from import" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from import" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from import" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from import" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from import" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -l password-file -d 'File holding the password' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -l cert-sha256 -d 'A client certificate fingerprint to pin (repeatable)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -l allow-from -d 'A network the registrar may connect from (repeatable)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from credentials" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a registrar (its name, address and e-mail are published, Art. 30.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a registrar\'s name, e-mail, address or tax number'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from help" -f -a "list" -d 'List registrars (with --as-of T: as they stood then)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a registrar (with --as-of T: as it stood then)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from help" -f -a "withdraw" -d 'Withdraw a registrar: its names pass to their registrants (Art. 15.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import registrars from CSV (columns id, name, email, address, vat)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from help" -f -a "credentials" -d 'Set a registrar\'s EPP credentials (replacing any earlier ones)'
complete -c ptreg -n "__fish_ptreg_using_subcommand registrar; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l registrant -d 'Registrant contact id' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l manager -d 'Managing entity: a registrar id [default: the registrant itself]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l tech -d 'Technical contact id [default: the registrant]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l ns -d 'A nameserver, with glue addresses for hosts inside the name: HOST[=IP,...]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l ds -d 'A DS record: "TAG ALG TYPE HEX"' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l years -d 'Term in years (one of the policy\'s terms) [default: the shortest]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l legitimacy -d 'Grounds of legitimacy for a listed name (Art. 7.2, 8.5); opens a case' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l batch -d 'Register every name of a CSV or JSON Lines file (`-`: standard input). CSV columns: name, registrant, manager, tech, nameservers, ds, years, arbitration, legitimacy (see `man ptreg-import`)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l reject -d 'With --batch: register the good rows, write each bad one here (exit 6 when any was)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l arbitration -d 'Subscribe the arbitration convention (Art. 26.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand register" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand renew" -l years -d 'Years to add (one of the policy\'s terms) [default: the shortest]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand renew" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand renew" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand renew" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand renew" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand renew" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand renew" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand renew" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand renew" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l ns -d 'Replace the nameservers: HOST[=IP,...], repeatable' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l ds -d 'Replace the DS records: "TAG ALG TYPE HEX", repeatable' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l tech -d 'New technical contact (Art. 15.4)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l no-ns -d 'Remove every nameserver (the name becomes reserved)'
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l no-ds -d 'Remove every DS record'
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand update" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l registrant -d 'New registrant (ownership transfer, Art. 14)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l evidence -d 'Supporting evidence of the request\'s legitimacy (Art. 14.1, 14.2)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l manager -d 'New managing entity: a registrar id (Art. 15.1)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l code -d 'The one-time transfer code from `transfer-code`' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer-code" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer-code" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer-code" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer-code" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer-code" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer-code" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer-code" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand transfer-code" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -l by -d 'Who asks for the removal' -r -f -a "registrant\t'At once, no refund (Art. 21.1, 21.4)'
manager\t'After 8 days unless the registrant opposes (Art. 21.2)'
registry\t'By the registry, on a paragraph of Art. 22.1 given with --reason'"
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -l grounds -d 'The full grounds (registry removals), noticed to the registrant' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand oppose" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand oppose" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand oppose" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand oppose" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand oppose" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand oppose" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand oppose" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand oppose" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand cure" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand cure" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand cure" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand cure" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand cure" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand cure" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand cure" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand cure" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand lock" -l case -d 'The judicial or arbitral case reference' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand lock" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand lock" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand lock" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand lock" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand lock" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand lock" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand lock" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand lock" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand unlock" -l case -d 'Lift only this case\'s lock' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand unlock" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand unlock" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand unlock" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand unlock" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand unlock" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand unlock" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand unlock" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand unlock" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand suspend" -l case -d 'The judicial or arbitral case reference' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand suspend" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand suspend" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand suspend" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand suspend" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand suspend" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand suspend" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand suspend" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand suspend" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand unsuspend" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand unsuspend" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand unsuspend" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand unsuspend" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand unsuspend" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand unsuspend" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand unsuspend" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand unsuspend" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand sweep" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand sweep" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand sweep" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand sweep" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand sweep" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand sweep" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand sweep" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand sweep" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand show" -l as-of -d 'Answer as the registry stood at this time (rebuilt from the journal)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand show" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand show" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand show" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand show" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand show" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand show" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l state -d 'Only names in this state at the clock [default: every state but removed]' -r -f -a "reserved\t''
registered\t''
grace\t''
suspended\t''
removed\t''"
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l registrant -d 'Only names of this registrant (a contact id)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l manager -d 'Only names managed by this registrar (or self-managed by this contact)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l expiring-before -d 'Only names expiring before this time' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l as-of -d 'List the registry as it stood at this time, rebuilt from the journal and the records of the imports (the filters apply to it then)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l format -d 'Output format [default: table on a terminal, tsv otherwise]' -r -f -a "table\t'Aligned columns with borders, for a person at a terminal'
tsv\t'A header line, then one row a line, tab-separated (\\t, \\n, \\\\ escaped)'
csv\t'Comma-separated values with a header (RFC 4180 quoting)'
json\t'One JSON array (the same as --json)'
jsonl\t'JSON Lines: one object a line'"
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand domains" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand history" -l format -d 'Output format [default: table on a terminal, tsv otherwise]' -r -f -a "table\t'Aligned columns with borders, for a person at a terminal'
tsv\t'A header line, then one row a line, tab-separated (\\t, \\n, \\\\ escaped)'
csv\t'Comma-separated values with a header (RFC 4180 quoting)'
json\t'One JSON array (the same as --json)'
jsonl\t'JSON Lines: one object a line'"
complete -c ptreg -n "__fish_ptreg_using_subcommand history" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand history" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand history" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand history" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand history" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -l from -d 'Only lines at or after this time' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -l to -d 'Only lines before this time' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -l format -d 'Output format [default: table on a terminal, tsv otherwise]' -r -f -a "table\t'Aligned columns with borders, for a person at a terminal'
tsv\t'A header line, then one row a line, tab-separated (\\t, \\n, \\\\ escaped)'
csv\t'Comma-separated values with a header (RFC 4180 quoting)'
json\t'One JSON array (the same as --json)'
jsonl\t'JSON Lines: one object a line'"
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -l csv -d 'The same as --format csv'
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand ledger" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -l since -d 'Only notices written at or after this time' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -l format -d 'Output format [default: table on a terminal, tsv otherwise]' -r -f -a "table\t'Aligned columns with borders, for a person at a terminal'
tsv\t'A header line, then one row a line, tab-separated (\\t, \\n, \\\\ escaped)'
csv\t'Comma-separated values with a header (RFC 4180 quoting)'
json\t'One JSON array (the same as --json)'
jsonl\t'JSON Lines: one object a line'"
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -l all -d 'Include notices already acknowledged as sent'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -f -a "ack" -d 'Mark a notice as sent'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and not __fish_seen_subcommand_from ack help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from ack" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from ack" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from ack" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from ack" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from ack" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from ack" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from ack" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from ack" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from help" -f -a "ack" -d 'Mark a notice as sent'
complete -c ptreg -n "__fish_ptreg_using_subcommand notices; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and not __fish_seen_subcommand_from serve help" -l as-of -d 'Answer as the registry stood at this time' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and not __fish_seen_subcommand_from serve help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and not __fish_seen_subcommand_from serve help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and not __fish_seen_subcommand_from serve help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and not __fish_seen_subcommand_from serve help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and not __fish_seen_subcommand_from serve help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and not __fish_seen_subcommand_from serve help" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and not __fish_seen_subcommand_from serve help" -a "serve" -d 'Serve RFC 3912 WHOIS queries with the same answers as `whois NAME`'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and not __fish_seen_subcommand_from serve help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and __fish_seen_subcommand_from serve" -l listen -d 'Address to listen on' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and __fish_seen_subcommand_from serve" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and __fish_seen_subcommand_from serve" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and __fish_seen_subcommand_from serve" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and __fish_seen_subcommand_from serve" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve RFC 3912 WHOIS queries with the same answers as `whois NAME`'
complete -c ptreg -n "__fish_ptreg_using_subcommand whois; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and not __fish_seen_subcommand_from serve get help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and not __fish_seen_subcommand_from serve get help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and not __fish_seen_subcommand_from serve get help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and not __fish_seen_subcommand_from serve get help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and not __fish_seen_subcommand_from serve get help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and not __fish_seen_subcommand_from serve get help" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and not __fish_seen_subcommand_from serve get help" -f -a "serve" -d 'Serve RDAP over HTTP/1.1 (GET and HEAD, keep-alive, CORS)'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and not __fish_seen_subcommand_from serve get help" -f -a "get" -d 'Print the body the server would send for PATH (exit 0 for 200, 4 for 404, 2 for 400 and 501)'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and not __fish_seen_subcommand_from serve get help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from serve" -l listen -d 'Address to listen on' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from serve" -l base-url -d 'The public URL of the service, for the links in answers (default: http:// and the request\'s Host)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from serve" -l trusted-proxy -d 'A reverse proxy whose X-Forwarded-For names the client (the quota then counts the client, not the proxy). Repeatable' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from serve" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from serve" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from serve" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from serve" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from get" -l base-url -d 'The public URL of the service, for the links in the answer' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from get" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from get" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from get" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from get" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve RDAP over HTTP/1.1 (GET and HEAD, keep-alive, CORS)'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print the body the server would send for PATH (exit 0 for 200, 4 for 404, 2 for 400 and 501)'
complete -c ptreg -n "__fish_ptreg_using_subcommand rdap; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and not __fish_seen_subcommand_from export help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and not __fish_seen_subcommand_from export help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and not __fish_seen_subcommand_from export help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and not __fish_seen_subcommand_from export help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and not __fish_seen_subcommand_from export help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and not __fish_seen_subcommand_from export help" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and not __fish_seen_subcommand_from export help" -f -a "export" -d 'Write the .pt zone as an RFC 1035 master file'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and not __fish_seen_subcommand_from export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -l out -d 'Write here (atomically) instead of stdout; `-` is stdout, a FIFO or device is written through' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -l serial -d 'SOA serial [default: YYYYMMDDnn, never going backwards]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -l max-changes -d 'Refuse to publish (exit 5) when more delegations than this were added, removed or changed since the last export (N, or N% of it)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the .pt zone as an RFC 1035 master file'
complete -c ptreg -n "__fish_ptreg_using_subcommand zone; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and not __fish_seen_subcommand_from serve exec help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and not __fish_seen_subcommand_from serve exec help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and not __fish_seen_subcommand_from serve exec help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and not __fish_seen_subcommand_from serve exec help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and not __fish_seen_subcommand_from serve exec help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and not __fish_seen_subcommand_from serve exec help" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and not __fish_seen_subcommand_from serve exec help" -f -a "serve" -d 'Serve EPP over TLS (RFC 5734) for registrars'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and not __fish_seen_subcommand_from serve exec help" -f -a "exec" -d 'Run one EPP command document as a registrar, without a network'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and not __fish_seen_subcommand_from serve exec help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -l listen -d 'Address to listen on (700 is EPP\'s port)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -l cert -d 'The server certificate chain (PEM)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -l key -d 'The server\'s private key (PEM)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -l read-timeout -d 'Seconds a command frame has to arrive whole once it has begun; a slower client is disconnected' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -l idle-timeout -d 'Seconds a session may wait between commands before it is closed' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from exec" -l registrar -d 'The registrar acting' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from exec" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from exec" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from exec" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from exec" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from exec" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve EPP over TLS (RFC 5734) for registrars'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from help" -f -a "exec" -d 'Run one EPP command document as a registrar, without a network'
complete -c ptreg -n "__fish_ptreg_using_subcommand epp; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l rate -d 'Share of the population to sample [default: the policy\'s rate]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l count -d 'Sample exactly this many names' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l seed -d 'Seed in hex [default: derived from the journal head]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l reproduce -d 'Recompute a past run and say whether the selection matches' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit-sample" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "cases" -d 'List conformity cases'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "request-proof" -d 'Ask registrant and manager for proof within 2 days (Art. 8.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "decide" -d 'Decide a case: conform, or remove with grounds (Art. 8.3, 20)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "verify" -d 'Check the journal\'s hash chain and print its tree head (size, root)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "keygen" -d 'Make an Ed25519 key pair for signing checkpoints'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "checkpoint" -d 'Sign the journal\'s tree head and print the checkpoint'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "prove" -d 'Print an inclusion proof of one journal entry (C2SP tlog-proof)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "check-proof" -d 'Check an inclusion proof from `audit prove`, without the registry'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "report" -d 'Write what an auditor keeps of a sampling run'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "runs" -d 'List the sampling runs: id (for --reproduce and report), time, seed, population and how many names were selected'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "replay" -d 'Re-evaluate recorded registration decisions under today\'s rules'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and not __fish_seen_subcommand_from cases request-proof decide verify keygen checkpoint prove check-proof report runs replay help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from cases" -l format -d 'Output format [default: table on a terminal, tsv otherwise]' -r -f -a "table\t'Aligned columns with borders, for a person at a terminal'
tsv\t'A header line, then one row a line, tab-separated (\\t, \\n, \\\\ escaped)'
csv\t'Comma-separated values with a header (RFC 4180 quoting)'
json\t'One JSON array (the same as --json)'
jsonl\t'JSON Lines: one object a line'"
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from cases" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from cases" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from cases" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from cases" -l open -d 'Only undecided cases'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from cases" -l overdue -d 'Only undecided cases whose proof is past due (Art. 8.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from cases" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from cases" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from cases" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from request-proof" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from request-proof" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from request-proof" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from request-proof" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from request-proof" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from request-proof" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from request-proof" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from request-proof" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -l grounds -d 'The grounds of the removal, noticed to the registrant' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -l conform -d 'The registration conforms: close the case (Art. 8.3)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -l remove -d 'The registration does not conform: remove the name (Art. 8.3, 20)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from decide" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from verify" -l checkpoint -d 'A checkpoint printed by `audit checkpoint` (kept outside the registry)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from verify" -l pubkey -d 'The verifier key of the checkpoint\'s signer (from `audit keygen`)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from verify" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from verify" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from verify" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from keygen" -l out -d 'Where to write the private key' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from keygen" -l name -d 'The key\'s name, which is also the checkpoints\' origin line' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from keygen" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from keygen" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from keygen" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from keygen" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from keygen" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l key -d 'The private key from `audit keygen`' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from prove" -l checkpoint -d 'Prove against this checkpoint instead of the latest kept one' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from prove" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from prove" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from prove" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from prove" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from prove" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from prove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from check-proof" -l pubkey -d 'The verifier key of the checkpoint\'s signer' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from check-proof" -l hash -d 'The entry hash (hex) you expect, e.g. from `history --json`' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from check-proof" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from check-proof" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from check-proof" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from check-proof" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from check-proof" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from check-proof" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from report" -l format -d 'md (Markdown, the default), html (one self-contained page) or csv (one row per selected name)' -r -f -a "md\t'Markdown'
html\t'One self-contained HTML file'
csv\t'CSV, one row per selected name'"
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from report" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from report" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from report" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from report" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from report" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from runs" -l format -d 'Output format [default: table on a terminal, tsv otherwise]' -r -f -a "table\t'Aligned columns with borders, for a person at a terminal'
tsv\t'A header line, then one row a line, tab-separated (\\t, \\n, \\\\ escaped)'
csv\t'Comma-separated values with a header (RFC 4180 quoting)'
json\t'One JSON array (the same as --json)'
jsonl\t'JSON Lines: one object a line'"
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from runs" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from runs" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from runs" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from runs" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from runs" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from runs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from replay" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from replay" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from replay" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from replay" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from replay" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "cases" -d 'List conformity cases'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "request-proof" -d 'Ask registrant and manager for proof within 2 days (Art. 8.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "decide" -d 'Decide a case: conform, or remove with grounds (Art. 8.3, 20)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the journal\'s hash chain and print its tree head (size, root)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "keygen" -d 'Make an Ed25519 key pair for signing checkpoints'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "checkpoint" -d 'Sign the journal\'s tree head and print the checkpoint'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "prove" -d 'Print an inclusion proof of one journal entry (C2SP tlog-proof)'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "check-proof" -d 'Check an inclusion proof from `audit prove`, without the registry'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "report" -d 'Write what an auditor keeps of a sampling run'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "runs" -d 'List the sampling runs: id (for --reproduce and report), time, seed, population and how many names were selected'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Re-evaluate recorded registration decisions under today\'s rules'
complete -c ptreg -n "__fish_ptreg_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand import" -l reject -d 'Import the good rows; write each bad one here with its line and reason (exit 6 when any was)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand import" -l reason -d 'Why, recorded in the journal entry (for `remove --by registry`: the paragraph of Art. 22.1, a to e)' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand import" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand import" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand import" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand import" -l dry-run -d 'Run the whole command, print what it would change, and roll back'
complete -c ptreg -n "__fish_ptreg_using_subcommand import" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand import" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand export" -l out -d 'Write here instead of stdout (mode 0600, renamed into place; `-` is stdout; never the registry or its -wal/-shm/-journal files)' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand export" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand export" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand export" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand export" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand export" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand export" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand backup" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand backup" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand backup" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand backup" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand backup" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ptreg -n "__fish_ptreg_using_subcommand doctor" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand doctor" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand doctor" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand doctor" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand doctor" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand completions" -l db -d 'The registry file [env: PTREG_DB] [default: ./ptreg.db]' -r -F
complete -c ptreg -n "__fish_ptreg_using_subcommand completions" -l now -d 'The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC) [env: PTREG_NOW] [default: the system clock]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand completions" -l actor -d 'Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the login name]' -r
complete -c ptreg -n "__fish_ptreg_using_subcommand completions" -l json -d 'Machine output: one JSON value on stdout, errors as JSON on stderr'
complete -c ptreg -n "__fish_ptreg_using_subcommand completions" -s q -l quiet -d 'Silent on success: no progress bars, no status lines, no summaries; only what a query asks for, and errors'
complete -c ptreg -n "__fish_ptreg_using_subcommand completions" -s h -l help -d 'Print help'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "init" -d 'Create the registry file with the default (or given) policy and lists'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "policy" -d 'Show or replace the policy in force'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "list" -d 'Manage the name lists (geographic, protected, obscene, blocked, reserved)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "check" -d 'Explain whether names are admissible, without registering them'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "contact" -d 'Manage contacts (registrants and technical contacts)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "registrar" -d 'Manage registrars (managing entities)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "register" -d 'Register a name (Art. 2, 3, 5-10, 26.2), or a batch of names'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "renew" -d 'Renew a name until expiry or during the grace period (Art. 17)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "update" -d 'Change a name\'s technical data (Art. 16)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "transfer" -d 'Transfer ownership (Art. 14) or management with a code (Art. 15.1)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "transfer-code" -d 'Issue a one-time management transfer code (Art. 15.1)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "remove" -d 'Remove a name (Art. 21, 22)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "oppose" -d 'Oppose a removal requested by the managing entity (Art. 21.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "cure" -d 'Cure the grounds of a pending registry removal (Art. 22.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "lock" -d 'Record a notified litigation (Art. 14.4, 17.4, 21.3)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "unlock" -d 'Lift a litigation lock'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "suspend" -d 'Suspend a name under an arbitral injunction (Art. 28)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "unsuspend" -d 'Lift a suspension'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "sweep" -d 'The daily job: expiries, grace, pending removals, proofs, reminders'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "show" -d 'Show one domain'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "domains" -d 'List domains'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "history" -d 'Show the journal entries of one name'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "ledger" -d 'List charges and refunds (Art. 18-20)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "notices" -d 'List the notices outbox, or acknowledge a notice as sent'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "whois" -d 'Answer WHOIS queries (Art. 30), on the command line or as a server'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "rdap" -d 'The RDAP directory (RFC 7480, 9082, 9083): serve it over HTTP, or print one answer'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "zone" -d 'Export the .pt zone'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "epp" -d 'EPP for registrars (RFC 5730-5734, 5910): the online channel'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "audit-sample" -d 'Draw the conformity sample of new names (Art. 8.1)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "audit" -d 'Conformity cases and the journal\'s integrity (Art. 8)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "import" -d 'Import existing records (CSV or JSON Lines) with their dates and states'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "export" -d 'Export the whole registry as JSON Lines'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "backup" -d 'Copy the registry file safely while others use it'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "doctor" -d 'Check the registry file: integrity, journal, orphans, schema'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "completions" -d 'Print the completion script of a shell'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and not __fish_seen_subcommand_from init policy list check contact registrar register renew update transfer transfer-code remove oppose cure lock unlock suspend unsuspend sweep show domains history ledger notices whois rdap zone epp audit-sample audit import export backup doctor completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Print the policy in force (TOML)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "set" -d 'Put a new policy version in force from --now'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from list" -f -a "add" -d 'Add names to a list'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from list" -f -a "remove" -d 'Remove names from a list: every entry under each name\'s key (exit 4, nothing removed, if one is not on it)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from list" -f -a "show" -d 'Print a list, or the entries under one name\'s key, with what each names, its languages and where it came from'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from list" -f -a "import" -d 'Import a CSV or one-name-a-line file'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from list" -f -a "refresh" -d 'Bring the built-in entries up to those this ptreg ships'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from contact" -f -a "add" -d 'Add a contact (name, email, phone, address, country required)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from contact" -f -a "update" -d 'Update a contact\'s data (Art. 13)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from contact" -f -a "show" -d 'Show a contact'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from contact" -f -a "list" -d 'List contacts'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from contact" -f -a "import" -d 'Import contacts from CSV (columns named like the flags)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from contact" -f -a "erase" -d 'Erase a contact\'s personal data (RGPD) when no live domain uses it'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from registrar" -f -a "add" -d 'Add a registrar (its name, address and e-mail are published, Art. 30.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from registrar" -f -a "update" -d 'Change a registrar\'s name, e-mail, address or tax number'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from registrar" -f -a "list" -d 'List registrars (with --as-of T: as they stood then)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from registrar" -f -a "show" -d 'Show a registrar (with --as-of T: as it stood then)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from registrar" -f -a "withdraw" -d 'Withdraw a registrar: its names pass to their registrants (Art. 15.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from registrar" -f -a "import" -d 'Import registrars from CSV (columns id, name, email, address, vat)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from registrar" -f -a "credentials" -d 'Set a registrar\'s EPP credentials (replacing any earlier ones)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from notices" -f -a "ack" -d 'Mark a notice as sent'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from whois" -f -a "serve" -d 'Serve RFC 3912 WHOIS queries with the same answers as `whois NAME`'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from rdap" -f -a "serve" -d 'Serve RDAP over HTTP/1.1 (GET and HEAD, keep-alive, CORS)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from rdap" -f -a "get" -d 'Print the body the server would send for PATH (exit 0 for 200, 4 for 404, 2 for 400 and 501)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from zone" -f -a "export" -d 'Write the .pt zone as an RFC 1035 master file'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from epp" -f -a "serve" -d 'Serve EPP over TLS (RFC 5734) for registrars'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from epp" -f -a "exec" -d 'Run one EPP command document as a registrar, without a network'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "cases" -d 'List conformity cases'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "request-proof" -d 'Ask registrant and manager for proof within 2 days (Art. 8.2)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "decide" -d 'Decide a case: conform, or remove with grounds (Art. 8.3, 20)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check the journal\'s hash chain and print its tree head (size, root)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "keygen" -d 'Make an Ed25519 key pair for signing checkpoints'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "checkpoint" -d 'Sign the journal\'s tree head and print the checkpoint'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "prove" -d 'Print an inclusion proof of one journal entry (C2SP tlog-proof)'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "check-proof" -d 'Check an inclusion proof from `audit prove`, without the registry'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "report" -d 'Write what an auditor keeps of a sampling run'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "runs" -d 'List the sampling runs: id (for --reproduce and report), time, seed, population and how many names were selected'
complete -c ptreg -n "__fish_ptreg_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "replay" -d 'Re-evaluate recorded registration decisions under today\'s rules'
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from add; and test (count (commandline -opc)) -eq 3" -f -a "geographic protected obscene blocked reserved"
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from remove; and test (count (commandline -opc)) -eq 3" -f -a "geographic protected obscene blocked reserved"
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from show; and test (count (commandline -opc)) -eq 3" -f -a "geographic protected obscene blocked reserved"
complete -c ptreg -n "__fish_ptreg_using_subcommand list; and __fish_seen_subcommand_from import; and test (count (commandline -opc)) -eq 3" -f -a "geographic protected obscene blocked reserved"
