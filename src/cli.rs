//! The command line, as clap derive types only.
//!
//! These types are the one definition of every flag: `--help`, the man pages
//! in `man/` and the completions in `completions/` are all generated from
//! them (see `commands::assets`).

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Exit codes:
  0  done (for `check`: every name is admissible)
  1  failure of the program or the system (I/O, corrupt file)
  2  bad usage or malformed input
  3  refused under the rules (the article is named)
  4  not found (domain, contact, registrar, registry file)
  5  conflict (an id that already exists, the file busy past the timeout)
  6  done in part: --reject set rows aside (import, register --batch,
     contact import, registrar import)

Lists (domains, contact list, ...) print a table on a terminal and TSV in a
pipe; --format table|tsv|csv|json|jsonl chooses. A FILE to read may be `-`
(standard input). `man ptreg-COMMAND` has each command's page.

Examples:
  ptreg init
  ptreg check lisboa.pt lisboa.com.pt
  ptreg register exemplo.pt --registrant ana-silva --ns ns1.exemplo.net --ns ns2.exemplo.net
  ptreg domains --state registered | cut -f1
  ptreg -q sweep                      # the daily job (cron or ptreg-sweep.timer)
  ptreg zone export --out /var/lib/bind/pt.zone";

/// Administer a .PT domain registry kept in one SQLite file, by the 2021
/// .PT registration rules.
#[derive(Debug, Parser)]
#[command(name = "ptreg", version, about, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes.
///
/// The environment variables are read by the program (not by the parser),
/// so a value set there is never shown in a usage line as if typed.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct Global {
    /// The registry file [env: PTREG_DB] [default: ./ptreg.db].
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) db: Option<PathBuf>,
    /// The clock: RFC 3339 (2026-03-01T09:00:00Z) or a date (00:00 UTC)
    /// [env: PTREG_NOW] [default: the system clock].
    #[arg(long, global = true, value_name = "TIME")]
    pub(crate) now: Option<String>,
    /// Machine output: one JSON value on stdout, errors as JSON on stderr.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Who acts, recorded in the journal [env: PTREG_ACTOR] [default: the
    /// login name].
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) actor: Option<String>,
    /// Silent on success: no progress bars, no status lines, no summaries;
    /// only what a query asks for, and errors.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,
    /// (Commands that change the registry) run whole, print what would
    /// change, and roll back.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// (Commands that change the registry) why, recorded in the journal.
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: Option<String>,
}

/// The commands that change the registry: they take `--dry-run` and
/// `--reason` (after the command name, or before it as global options),
/// and print nothing on success under `--quiet`.
pub(crate) const CHANGING: &[&str] = &[
    "policy set",
    "list add",
    "list remove",
    "list import",
    "contact add",
    "contact update",
    "contact import",
    "contact erase",
    "registrar add",
    "registrar withdraw",
    "registrar import",
    "registrar credentials",
    "register",
    "renew",
    "update",
    "transfer",
    "transfer-code",
    "remove",
    "oppose",
    "cure",
    "lock",
    "unlock",
    "suspend",
    "unsuspend",
    "sweep",
    "notices ack",
    "zone export",
    "audit-sample",
    "audit request-proof",
    "audit decide",
    "import",
];

/// Commands that change no domain but whose output is a report, not a
/// result: silent on success under `--quiet`, like the changing ones.
pub(crate) const REPORTING: &[&str] = &[
    "init",
    "doctor",
    "audit verify",
    "backup",
    "export",
    "whois serve",
    "rdap serve",
    "epp serve",
];

/// The example lines of a command's help (its `Examples:` section after
/// the options, or an `Example:` paragraph of its description), without
/// their heading.
pub(crate) fn examples(cmd: &clap::Command) -> Option<Vec<String>> {
    let texts = [
        cmd.get_after_help().map(|t| t.to_string()),
        cmd.get_long_about().map(|t| t.to_string()),
    ];
    for text in texts.into_iter().flatten() {
        let mut lines = text.lines();
        if lines.any(|l| matches!(l.trim(), "Example:" | "Examples:")) {
            let found: Vec<String> = lines
                .take_while(|l| l.starts_with("  ") || l.trim().is_empty())
                .map(|l| l.to_string())
                .collect();
            if !found.is_empty() {
                return Some(found);
            }
        }
    }
    None
}

/// The whole command line: the derive types, with `--dry-run` and
/// `--reason` added to every command of [`CHANGING`]. Each subcommand's
/// options are defined when it is the one invoked ([`Lazy`]); walk
/// [`full_command`] to see all of them.
pub(crate) fn command() -> clap::Command {
    Cli::command().mut_subcommands(|sub| {
        let path = sub.get_name().to_string();
        change_flags(sub, &path)
    })
}

/// The whole command line with every subcommand defined at once, for what
/// walks all of them (the man pages, the completion scripts, the tests).
pub(crate) fn full_command() -> clap::Command {
    DEFINE_NOW.set(true);
    let cmd = command();
    DEFINE_NOW.set(false);
    cmd
}

thread_local! {
    /// Set while [`full_command`] builds: [`Lazy`] defines at once.
    static DEFINE_NOW: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A subcommand's arguments (or its own subcommands) whose definitions clap
/// builds only when that subcommand is invoked: `ptreg whois NAME` does not
/// build the thousand options of the other commands (about 0.4 ms of each
/// start). The change options of [`CHANGING`] are added to a top-level
/// command at once, and to the commands under it when they are defined.
#[derive(Debug)]
pub(crate) struct Lazy<T>(pub(crate) T);

/// Defines a top-level command now or when invoked.
fn lazily(cmd: clap::Command, define: fn(clap::Command) -> clap::Command) -> clap::Command {
    if DEFINE_NOW.get() {
        define(cmd)
    } else {
        cmd.defer(define)
    }
}

/// A top-level command's own options and commands (`define`), and the
/// change options of the commands under it. The texts the variant gave
/// (its doc comment, its examples) are kept over those of the arguments'
/// type, as when defined at once; its options go under the default
/// heading, not the change options' one, which was the last set on it.
fn defined(cmd: clap::Command, define: fn(clap::Command) -> clap::Command) -> clap::Command {
    let path = cmd.get_name().to_string();
    let texts = [
        cmd.get_about().cloned(),
        cmd.get_long_about().cloned(),
        cmd.get_after_help().cloned(),
        cmd.get_after_long_help().cloned(),
        cmd.get_before_help().cloned(),
        cmd.get_before_long_help().cloned(),
    ];
    let mut cmd = define(cmd.next_help_heading(None::<&str>));
    let [about, long_about, after, after_long, before, before_long] = texts;
    if let Some(t) = about {
        cmd = cmd.about(t);
    }
    if let Some(t) = long_about {
        cmd = cmd.long_about(t);
    }
    if let Some(t) = after {
        cmd = cmd.after_help(t);
    }
    if let Some(t) = after_long {
        cmd = cmd.after_long_help(t);
    }
    if let Some(t) = before {
        cmd = cmd.before_help(t);
    }
    if let Some(t) = before_long {
        cmd = cmd.before_long_help(t);
    }
    cmd.mut_subcommands(|sub| {
        let sub_path = format!("{path} {}", sub.get_name());
        add_change_flags(sub, &sub_path)
    })
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Lazy)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Lazy<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: clap::Command) -> clap::Command {
        lazily(cmd, |cmd| defined(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        lazily(cmd, |cmd| defined(cmd, T::augment_args_for_update))
    }
}

impl<T: Subcommand> Subcommand for Lazy<T> {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        lazily(cmd, |cmd| defined(cmd, T::augment_subcommands))
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        lazily(cmd, |cmd| defined(cmd, T::augment_subcommands_for_update))
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

/// The change options on the command at `path` and every command under it.
fn add_change_flags(cmd: clap::Command, path: &str) -> clap::Command {
    change_flags(cmd, path).mut_subcommands(|sub| {
        let sub_path = format!("{path} {}", sub.get_name());
        add_change_flags(sub, &sub_path)
    })
}

/// `--dry-run` and `--reason` on the command at `path` if it is one of
/// [`CHANGING`].
fn change_flags(cmd: clap::Command, path: &str) -> clap::Command {
    if CHANGING.contains(&path) {
        cmd.next_help_heading("Change options")
            .arg(
                clap::Arg::new("dry_run")
                    .long("dry-run")
                    .action(clap::ArgAction::SetTrue)
                    .help("Run the whole command, print what it would change, and roll back"),
            )
            .arg(
                clap::Arg::new("reason")
                    .long("reason")
                    .value_name("TEXT")
                    .help(
                        "Why, recorded in the journal entry (for `remove --by registry`: \
                         the paragraph of Art. 22.1, a to e)",
                    ),
            )
    } else {
        cmd
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create the registry file with the default (or given) policy and lists.
    #[command(
        after_help = "Examples:\n  ptreg init\n  ptreg --db /var/lib/ptreg/registry.db init --policy policy.toml"
    )]
    Init(Lazy<InitArgs>),
    /// Show or replace the policy in force.
    #[command(subcommand)]
    Policy(Lazy<PolicyCommand>),
    /// Manage the name lists (geographic, protected, obscene, blocked, reserved).
    #[command(subcommand)]
    List(Lazy<ListCommand>),
    /// Explain whether names are admissible, without registering them.
    ///
    /// Each name is checked against every rule for a new registration
    /// (Art. 5 to 10, 31.3, 32) and every refusal is listed with its
    /// article; a text that is not a name under .pt is reported as such.
    /// Every name given is reported. Exit 0 when every name is admissible,
    /// 3 when any is refused, 2 when any is not a name under .pt.
    #[command(
        after_help = "Examples:\n  ptreg check lisboa.pt lisboa.com.pt café.pt\n  ptreg check portal.gov.pt --manager CEGER\n  ptreg --json check --file candidates.txt\n  cut -d, -f1 requests.csv | ptreg check -f -"
    )]
    Check(Lazy<CheckArgs>),
    /// Manage contacts (registrants and technical contacts).
    #[command(subcommand)]
    Contact(Lazy<ContactCommand>),
    /// Manage registrars (managing entities).
    #[command(subcommand)]
    Registrar(Lazy<RegistrarCommand>),
    /// Register a name (Art. 2, 3, 5-10, 26.2), or a batch of names.
    #[command(
        after_help = "Examples:\n  ptreg register exemplo.pt --registrant ana-silva --manager lusonet \\\n      --ns ns1.exemplo.pt=192.0.2.10 --ns ns2.dnsprovider.com --years 3\n  ptreg register açores-viagens.com.pt --registrant viagens-lda   # reserved: no nameservers\n  ptreg register lisboa.pt --registrant cm-lisboa --legitimacy \"Câmara Municipal de Lisboa\"\n  ptreg register --batch new.csv --reject rejected.csv"
    )]
    Register(Lazy<RegisterArgs>),
    /// Renew a name until expiry or during the grace period (Art. 17).
    #[command(
        after_help = "Examples:\n  ptreg renew exemplo.pt --years 3\n  ptreg --json --dry-run renew exemplo.pt   # the price and new expiry, nothing changed"
    )]
    Renew(Lazy<RenewArgs>),
    /// Change a name's technical data (Art. 16).
    #[command(
        after_help = "Examples:\n  ptreg update exemplo.pt --ns ns1.exemplo.net --ns ns2.exemplo.net\n  ptreg update exemplo.pt --ds \"12345 13 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\"\n  ptreg update exemplo.pt --no-ns   # back to reserved\n  ptreg update exemplo.pt --tech rui-fernandes"
    )]
    Update(Lazy<UpdateArgs>),
    /// Transfer ownership (Art. 14) or management with a code (Art. 15.1).
    #[command(
        after_help = "Examples:\n  ptreg transfer exemplo.pt --registrant joao-pereira --evidence \"deed of sale, 2026-02-20\"\n  ptreg transfer exemplo.pt --manager atlantico --code \"$CODE\"   # the code from transfer-code"
    )]
    Transfer(Lazy<TransferArgs>),
    /// Issue a one-time management transfer code (Art. 15.1).
    #[command(
        after_help = "Examples:\n  ptreg transfer-code exemplo.pt\n  CODE=$(ptreg --json transfer-code exemplo.pt | jq -r .code)"
    )]
    TransferCode(Lazy<NameArg>),
    /// Remove a name (Art. 21, 22).
    #[command(
        after_help = "Examples:\n  ptreg remove exemplo.pt --by registrant\n  ptreg remove exemplo.pt --by manager       # effective in 8 days unless opposed\n  ptreg remove exemplo.pt --by registry --reason c --grounds \"the phone number does not answer\""
    )]
    Remove(Lazy<RemoveArgs>),
    /// Oppose a removal requested by the managing entity (Art. 21.2).
    #[command(after_help = "Examples:\n  ptreg oppose exemplo.pt")]
    Oppose(Lazy<NameArg>),
    /// Cure the grounds of a pending registry removal (Art. 22.2).
    #[command(
        after_help = "Examples:\n  ptreg cure exemplo.pt --reason \"contact data corrected\""
    )]
    Cure(Lazy<NameArg>),
    /// Record a notified litigation (Art. 14.4, 17.4, 21.3).
    #[command(after_help = "Examples:\n  ptreg lock exemplo.pt --case \"Proc. 123/26.0T8LSB\"")]
    Lock(Lazy<CaseArgs>),
    /// Lift a litigation lock.
    #[command(
        after_help = "Examples:\n  ptreg unlock exemplo.pt\n  ptreg unlock exemplo.pt --case \"Proc. 123/26.0T8LSB\" --reason \"judgment of 2026-06-01\""
    )]
    Unlock(Lazy<UnlockArgs>),
    /// Suspend a name under an arbitral injunction (Art. 28).
    #[command(after_help = "Examples:\n  ptreg suspend exemplo.pt --case \"ARBITRARE 2026/7\"")]
    Suspend(Lazy<CaseArgs>),
    /// Lift a suspension.
    #[command(after_help = "Examples:\n  ptreg unsuspend exemplo.pt")]
    Unsuspend(Lazy<NameArg>),
    /// The daily job: expiries, grace, pending removals, proofs, reminders.
    #[command(
        after_help = "Examples:\n  ptreg -q sweep                  # every night, from cron or ptreg-sweep.timer\n  ptreg --dry-run sweep            # what tonight's run would do\n  ptreg --json --now 2027-03-02 sweep"
    )]
    Sweep,
    /// Show one domain.
    #[command(
        after_help = "Examples:\n  ptreg show exemplo.pt\n  ptreg --json show café.pt\n  ptreg show exemplo.pt --as-of 2026-01-01"
    )]
    Show(Lazy<ShowArgs>),
    /// List domains.
    #[command(
        after_help = "Examples:\n  ptreg domains --state grace\n  ptreg domains --manager lusonet --format csv > lusonet.csv\n  ptreg domains --expiring-before 2026-04-01 | cut -f1\n  ptreg domains --format jsonl | jq -r .name"
    )]
    Domains(Lazy<DomainsArgs>),
    /// Show the journal entries of one name.
    #[command(
        after_help = "Examples:\n  ptreg history exemplo.pt\n  ptreg history exemplo.pt --format jsonl | jq .outcome"
    )]
    History(Lazy<HistoryArgs>),
    /// List charges and refunds (Art. 18-20).
    #[command(
        after_help = "Examples:\n  ptreg ledger --from 2026-01-01 --to 2027-01-01\n  ptreg ledger --from 2026-01-01 --format csv > 2026.csv"
    )]
    Ledger(Lazy<LedgerArgs>),
    /// List the notices outbox, or acknowledge a notice as sent.
    Notices(Lazy<NoticesArgs>),
    /// Answer WHOIS queries (Art. 30), on the command line or as a server.
    Whois(Lazy<WhoisArgs>),
    /// The RDAP directory (RFC 7480, 9082, 9083): serve it over HTTP, or
    /// print one answer.
    #[command(subcommand)]
    Rdap(Lazy<RdapCommand>),
    /// Export the .pt zone.
    #[command(subcommand)]
    Zone(Lazy<ZoneCommand>),
    /// EPP for registrars (RFC 5730-5734, 5910): the online channel.
    #[command(subcommand)]
    Epp(Lazy<EppCommand>),
    /// Draw the conformity sample of new names (Art. 8.1).
    #[command(
        after_help = "Examples:\n  ptreg audit-sample\n  ptreg audit-sample --count 20 --seed 00c0ffee\n  ptreg audit-sample --reproduce 6   # 6: the run number that audit runs lists"
    )]
    AuditSample(Lazy<AuditSampleArgs>),
    /// Conformity cases and the journal's integrity (Art. 8).
    #[command(subcommand)]
    Audit(Lazy<AuditCommand>),
    /// Import existing records (CSV or JSON Lines) with their dates and states.
    ///
    /// One transaction: a bad row stops the import and nothing is kept,
    /// unless --reject sets it aside. Every row is checked (name syntax,
    /// dates, the state against the data, contacts and registrars,
    /// nameservers and glue, DS); a name already live, in the registry or
    /// earlier in the file, is a conflict. Expiry reminders whose day came
    /// before the import are marked passed over; `sweep` sends the later
    /// ones. A migration into a registry with no names yet drops the domain
    /// indexes and builds each once at the end; the rows of a CSV file are
    /// checked on a second thread while the first stores them.
    #[command(
        after_help = "Examples:\n  ptreg import domains.csv\n  ptreg import old-system.csv --reject rejected.csv   # exit 6 if rows were set aside\n  ptreg import registry.jsonl                         # a full export: restored whole\n  zcat registry.jsonl.gz | ptreg import -"
    )]
    Import(Lazy<ImportArgs>),
    /// Export the whole registry as JSON Lines.
    #[command(
        after_help = "Examples:\n  ptreg export --out registry.jsonl\n  ptreg export | gzip > registry-$(date +%F).jsonl.gz"
    )]
    Export(Lazy<ExportArgs>),
    /// Copy the registry file safely while others use it.
    ///
    /// The copy (mode 0600) is written beside FILE and renamed onto it, so
    /// a failure leaves an older backup whole. A backup holds personal
    /// data: its path is recorded, and `contact erase` names it among the
    /// files that still hold the erased values.
    #[command(
        after_help = "Examples:\n  ptreg -q backup /var/backups/ptreg/registry-$(date +%F).db"
    )]
    Backup(Lazy<BackupArgs>),
    /// Check the registry file: integrity, journal, orphans, schema.
    #[command(
        after_help = "Examples:\n  ptreg doctor\n  ptreg -q doctor || echo \"the registry file needs attention\""
    )]
    Doctor,
    /// Print the completion script of a shell.
    #[command(
        after_help = "Examples:\n  ptreg completions bash > /usr/share/bash-completion/completions/ptreg\n  ptreg completions zsh > /usr/local/share/zsh/site-functions/_ptreg\n  ptreg completions fish > ~/.config/fish/completions/ptreg.fish"
    )]
    Completions(Lazy<CompletionsArgs>),
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// A policy TOML file instead of the built-in 2021 default.
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PolicyCommand {
    /// Print the policy in force (TOML).
    #[command(
        after_help = "Examples:\n  ptreg policy show > policy.toml\n  ptreg --json policy show"
    )]
    Show,
    /// Put a new policy version in force from --now.
    #[command(
        after_help = "Examples:\n  ptreg policy set policy.toml\n  ptreg --now 2026-07-01 --dry-run policy set policy.toml\n  ptreg policy show | sed \"s/rate = 0.05/rate = 0.1/\" | ptreg policy set -"
    )]
    Set {
        /// The policy TOML file (`-`: standard input).
        file: PathBuf,
    },
}

/// The name lists the admissibility rules consult.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListKind {
    /// Geographic names (Art. 7.1).
    Geographic,
    /// Protected designations of origin and geographical indications (Art. 6.1.c).
    Protected,
    /// Obscene or unlawful words (Art. 6.1.b).
    Obscene,
    /// The registry's dynamic list of blocked names (Art. 8.4).
    Blocked,
    /// Names reserved by the registry (Art. 32).
    Reserved,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ListCommand {
    /// Add names to a list.
    ///
    /// Names are matched on a folded key (lower case, diacritics, hyphens,
    /// spaces and punctuation removed): "São João da Madeira" lists
    /// saojoaodamadeira.pt and sao-joao-da-madeira.pt. A name whose key is
    /// already on the list is left as it is.
    #[command(
        after_help = "Examples:\n  ptreg list add blocked \"Palavra Proibida\"\n  ptreg list add reserved registo dominios\n  ptreg list add geographic Lissabon --language de --detail \"city: Lisbon\""
    )]
    Add {
        /// The list.
        kind: ListKind,
        /// Names without their hierarchy (lists apply to every hierarchy).
        #[arg(required = true)]
        names: Vec<String>,
        /// What the names name, shown by `check` and `list show`.
        #[arg(long, value_name = "TEXT")]
        detail: Option<String>,
        /// The languages the names are in (BCP 47 tags, space-separated).
        #[arg(long, value_name = "TAGS")]
        language: Option<String>,
    },
    /// Remove names from a list: every entry under each name's key (exit 4,
    /// nothing removed, if one is not on it).
    #[command(after_help = "Examples:\n  ptreg list remove blocked palavra-proibida")]
    Remove {
        /// The list.
        kind: ListKind,
        /// Names (or any spelling with the same folded key).
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Print a list, or the entries under one name's key, with what each
    /// names, its languages and where it came from.
    #[command(
        after_help = "Examples:\n  ptreg list show geographic | head\n  ptreg list show geographic \"Santa Maria\"\n  ptreg list show reserved --format csv > reserved.csv"
    )]
    Show {
        /// The list.
        kind: ListKind,
        /// Only the entries under this name's folded key (exit 4 if none).
        name: Option<String>,
        #[command(flatten)]
        format: ListFormat,
    },
    /// Import a CSV or one-name-a-line file.
    ///
    /// A file is read as CSV when its name ends in .csv, when --column is
    /// given, or when its first line holds a comma, semicolon or tab (the
    /// delimiter is the most frequent of these); the first row is then the
    /// header, and the names are taken from the --column column, else the
    /// `name` column, else the first. Otherwise each line is one name.
    /// Blank lines and lines starting with # are skipped. A line that is not
    /// UTF-8 or holds no name stops the import with nothing changed (exit 2).
    ///
    /// With --parishes the file is an official list of parishes (CSV with
    /// the columns freguesia, concelho and, optionally, dicofre, as the
    /// Carta Administrativa Oficial de Portugal publishes it): each parish
    /// is listed with its municipality and code, and so is each parish of a
    /// union ("União das freguesias de A, B e C", "A e B") and the name
    /// before a bracketed qualifier ("Ílhavo (São Salvador)").
    #[command(
        after_help = "Examples:\n  ptreg list import geographic caop.csv --parishes\n  grep -v \"^#\" names.txt | ptreg list import blocked -"
    )]
    Import {
        /// The list.
        kind: ListKind,
        /// The file to read (`-`: standard input).
        file: PathBuf,
        /// The CSV column holding the names (e.g. freguesia).
        #[arg(long, value_name = "NAME", conflicts_with = "parishes")]
        column: Option<String>,
        /// Read the file as an official list of parishes (geographic only).
        #[arg(long)]
        parishes: bool,
    },
    /// Bring the built-in entries up to those this ptreg ships.
    ///
    /// Adds the built-in entries the registry lacks (after an upgrade of
    /// ptreg, or for a registry made before a list was built in) and takes
    /// out built-in entries an earlier ptreg shipped that this one does not.
    /// Entries added by hand or imported stay, and a name taken off a list
    /// with `list remove` stays off. One journal entry records every entry
    /// changed, so `audit replay` can judge old decisions by the old lists.
    #[command(after_help = "Examples:\n  ptreg --dry-run list refresh\n  ptreg list refresh")]
    Refresh,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Names to check (U-label or A-label, with their hierarchy: exemplo.pt).
    #[arg(required_unless_present = "file")]
    pub(crate) names: Vec<String>,
    /// Also check the names of this file, one a line (`-`: standard input);
    /// blank lines and lines starting with # are skipped.
    #[arg(long, short = 'f', value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
    /// Check as if registered with this managing entity (a registrar id).
    ///
    /// Only gov.pt depends on it (Art. 10): a gov.pt name is admissible
    /// only with the managing entity the policy designates (CEGER by
    /// default), so without --manager a gov.pt name is refused under
    /// Art. 10.
    #[arg(long, value_name = "R")]
    pub(crate) manager: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ContactKind {
    Person,
    Organization,
}

#[derive(Debug, Args)]
pub(crate) struct ContactFields {
    /// Full name.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// E-mail address.
    #[arg(long)]
    pub(crate) email: Option<String>,
    /// Phone, as +CCC.NUMBER (+351.912345678).
    #[arg(long)]
    pub(crate) phone: Option<String>,
    /// Postal address.
    #[arg(long)]
    pub(crate) address: Option<String>,
    /// Country, ISO 3166 two-letter code.
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// Natural person or organisation (Art. 30.7).
    #[arg(long, value_enum)]
    pub(crate) kind: Option<ContactKind>,
    /// Tax number (a Portuguese NIF is checked).
    #[arg(long, value_name = "NIF")]
    pub(crate) vat: Option<String>,
    /// Bank account for refunds (Art. 29.2.g, 20), checked by its ISO 13616
    /// check digits; never published.
    #[arg(long)]
    pub(crate) iban: Option<String>,
    /// The person consents to WHOIS disclosure (Art. 30.3).
    #[arg(long)]
    pub(crate) whois_consent: bool,
    /// Withdraw WHOIS consent (Art. 30.4); with `update` only.
    #[arg(long, conflicts_with = "whois_consent")]
    pub(crate) no_whois_consent: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ContactCommand {
    /// Add a contact (name, email, phone, address, country required).
    #[command(
        after_help = "Examples:\n  ptreg contact add ana-silva --name \"Ana Silva\" --email ana.silva@exemplo.pt \\\n      --phone +351.912345678 --address \"Rua Augusta 112, 1100-053 Lisboa\" --country PT \\\n      --kind person --vat 201238764 --whois-consent"
    )]
    Add {
        /// The contact's id (letters, digits, hyphens).
        id: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Update a contact's data (Art. 13).
    #[command(
        after_help = "Examples:\n  ptreg contact update ana-silva --email ana@exemplo.pt\n  ptreg contact update ana-silva --no-whois-consent"
    )]
    Update {
        /// The contact's id (letters, digits, hyphens).
        id: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Show a contact.
    #[command(
        after_help = "Examples:\n  ptreg contact show ana-silva\n  ptreg --json contact show ana-silva"
    )]
    Show {
        /// The id.
        id: String,
    },
    /// List contacts.
    #[command(
        after_help = "Examples:\n  ptreg contact list\n  ptreg contact list --format csv > contacts.csv"
    )]
    List(ListFormat),
    /// Import contacts from CSV (columns named like the flags).
    ///
    /// Columns (header required, any order, `,` `;` or tab delimited): id,
    /// name, email, phone, address, country, kind (person|organization),
    /// vat, whois_consent (yes|no). Each row is checked like `contact add`.
    #[command(
        after_help = "Examples:\n  ptreg contact import contacts.csv\n  ptreg contact import contacts.csv --reject rejected.csv\n  ptreg contact import - < contacts.csv"
    )]
    Import {
        /// The CSV file (`-`: standard input).
        file: PathBuf,
        /// Import the good rows; write each bad one here with its line
        /// (exit 6 when any was).
        #[arg(long, value_name = "FILE")]
        reject: Option<PathBuf>,
    },
    /// Erase a contact's personal data (RGPD) when no live domain uses it.
    #[command(
        after_help = "Examples:\n  ptreg contact erase ana-silva --reason \"erasure request of 2026-03-01\""
    )]
    Erase {
        /// The contact's id.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum RegistrarCommand {
    /// Add a registrar (its name, address and e-mail are published, Art. 30.2).
    #[command(
        after_help = "Examples:\n  ptreg registrar add lusonet --name \"LusoNet, Lda.\" --email registos@lusonet.pt --address \"Avenida da Liberdade 110, 1250-146 Lisboa\" --vat 502901144"
    )]
    Add {
        /// The registrar's id (letters, digits, hyphens).
        id: String,
        /// The registrar's name.
        #[arg(long)]
        name: String,
        /// Its e-mail address (notices to the managing entity go there).
        #[arg(long)]
        email: String,
        /// Postal address, shown by WHOIS (Art. 30.2).
        #[arg(long)]
        address: String,
        /// Its tax number (a Portuguese NIF is checked).
        #[arg(long, value_name = "NIF")]
        vat: Option<String>,
    },
    /// Change a registrar's name, e-mail, address or tax number.
    #[command(
        after_help = "Examples:\n  ptreg registrar update lusonet --address \"Rua Castilho 5, 1250-066 Lisboa\""
    )]
    Update {
        /// The registrar's id.
        id: String,
        /// The registrar's name.
        #[arg(long)]
        name: Option<String>,
        /// Its e-mail address.
        #[arg(long)]
        email: Option<String>,
        /// Postal address, shown by WHOIS (Art. 30.2).
        #[arg(long)]
        address: Option<String>,
        /// Its tax number (a Portuguese NIF is checked).
        #[arg(long, value_name = "NIF")]
        vat: Option<String>,
    },
    /// List registrars (with --as-of T: as they stood then).
    #[command(
        after_help = "Examples:\n  ptreg registrar list\n  ptreg registrar list --format tsv | cut -f1\n  ptreg registrar list --as-of 2026-01-01"
    )]
    List {
        #[command(flatten)]
        format: ListFormat,
        /// Answer as the registry stood at this time.
        #[arg(long, value_name = "TIME")]
        as_of: Option<String>,
    },
    /// Show a registrar (with --as-of T: as it stood then).
    #[command(
        after_help = "Examples:\n  ptreg registrar show lusonet\n  ptreg registrar show lusonet --as-of 2026-01-01   # its name, address and names then"
    )]
    Show {
        /// The id.
        id: String,
        /// Answer as the registry stood at this time: the registrar's
        /// details then, and the live names it managed then.
        #[arg(long, value_name = "TIME")]
        as_of: Option<String>,
    },
    /// Withdraw a registrar: its names pass to their registrants (Art. 15.2).
    #[command(
        after_help = "Examples:\n  ptreg --dry-run registrar withdraw lusonet   # which names would pass\n  ptreg registrar withdraw lusonet --reason \"accreditation ended\""
    )]
    Withdraw {
        /// The registrar's id.
        id: String,
    },
    /// Import registrars from CSV (columns id, name, email, address, vat).
    #[command(
        after_help = "Examples:\n  ptreg registrar import registrars.csv\n  ptreg registrar import registrars.csv --reject rejected.csv"
    )]
    Import {
        /// The CSV file (`-`: standard input); `,` `;` or tab delimited.
        file: PathBuf,
        /// Import the good rows; write each bad one here with its line
        /// (exit 6 when any was).
        #[arg(long, value_name = "FILE")]
        reject: Option<PathBuf>,
    },
    /// Set a registrar's EPP credentials (replacing any earlier ones).
    ///
    /// The password (6 to 16 characters, RFC 5730) is read from the file's
    /// first line, without its newline, and stored only as an Argon2id hash.
    /// With --cert-sha256, a login must present one of these client
    /// certificates (pinned by the SHA-256 of the DER form, as `openssl x509
    /// -noout -fingerprint -sha256` prints it); with --allow-from, it must
    /// come from one of these networks.
    #[command(
        after_help = "Examples:\n  ptreg registrar credentials r1 --password-file r1.pw\n  ptreg registrar credentials r1 --password-file r1.pw --cert-sha256 AB:CD:...:EF --allow-from 198.51.100.0/24"
    )]
    Credentials {
        /// The registrar's id.
        id: String,
        /// File holding the password.
        #[arg(long, value_name = "FILE")]
        password_file: PathBuf,
        /// A client certificate fingerprint to pin (repeatable).
        #[arg(long, value_name = "HEX")]
        cert_sha256: Vec<String>,
        /// A network the registrar may connect from (repeatable).
        #[arg(long, value_name = "CIDR")]
        allow_from: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum EppCommand {
    /// Serve EPP over TLS (RFC 5734) for registrars.
    ///
    /// Each frame is a 4-byte big-endian length (counting itself) and the
    /// XML. A registrar logs in with the credentials of `registrar
    /// credentials`; its commands are decided by the same rules as the
    /// command line, journaled with the registrar as actor. The clock starts
    /// at --now (or the system clock) and runs in real time. The bound
    /// address is printed on stderr (`--listen 127.0.0.1:0` picks a free
    /// port); SIGTERM or SIGINT stops the server cleanly.
    #[command(
        after_help = "Examples:\n  ptreg epp serve --listen 0.0.0.0:700 --cert /etc/ptreg/epp.crt --key /etc/ptreg/epp.key\n  ptreg epp serve --listen 127.0.0.1:0 --cert epp.crt --key epp.key   # a free port, printed on stderr"
    )]
    Serve {
        /// Address to listen on (700 is EPP's port).
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:700")]
        listen: String,
        /// The server certificate chain (PEM).
        #[arg(long, value_name = "FILE")]
        cert: PathBuf,
        /// The server's private key (PEM).
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// Seconds a command frame has to arrive whole once it has begun;
        /// a slower client is disconnected.
        #[arg(long, value_name = "SECONDS", default_value = "30")]
        read_timeout: std::num::NonZeroU64,
        /// Seconds a session may wait between commands before it is closed.
        #[arg(long, value_name = "SECONDS", default_value = "600")]
        idle_timeout: std::num::NonZeroU64,
    },
    /// Run one EPP command document as a registrar, without a network.
    ///
    /// Reads the document from FILE (or stdin for `-` or none) and prints
    /// the response document. The registrar counts as logged in.
    #[command(
        after_help = "Examples:\n  ptreg epp exec --registrar r1 check.xml\n  printf '%s' \"$XML\" | ptreg epp exec --registrar r1 -"
    )]
    Exec {
        /// The registrar acting.
        #[arg(long, value_name = "ID")]
        registrar: String,
        /// The command document [default: stdin].
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct RegisterArgs {
    /// The name to register (exemplo.pt, exemplo.com.pt, ...).
    #[arg(required_unless_present = "batch")]
    pub(crate) name: Option<String>,
    /// Registrant contact id.
    #[arg(long, required_unless_present = "batch", value_name = "C")]
    pub(crate) registrant: Option<String>,
    /// Managing entity: a registrar id [default: the registrant itself].
    #[arg(long, value_name = "R")]
    pub(crate) manager: Option<String>,
    /// Technical contact id [default: the registrant].
    #[arg(long, value_name = "C")]
    pub(crate) tech: Option<String>,
    /// A nameserver, with glue addresses for hosts inside the name: HOST[=IP,...].
    #[arg(long = "ns", value_name = "HOST[=IP,...]")]
    pub(crate) nameservers: Vec<String>,
    /// A DS record: "TAG ALG TYPE HEX".
    #[arg(long = "ds", value_name = "DS")]
    pub(crate) ds: Vec<String>,
    /// Term in years (one of the policy's terms) [default: the shortest].
    #[arg(long)]
    pub(crate) years: Option<u32>,
    /// Subscribe the arbitration convention (Art. 26.2).
    #[arg(long)]
    pub(crate) arbitration: bool,
    /// Grounds of legitimacy for a listed name (Art. 7.2, 8.5); opens a case.
    #[arg(long, value_name = "TEXT")]
    pub(crate) legitimacy: Option<String>,
    /// Register every name of a CSV or JSON Lines file (`-`: standard
    /// input). CSV columns: name, registrant, manager, tech, nameservers,
    /// ds, years, arbitration, legitimacy (see `man ptreg-import`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["name", "legitimacy"])]
    pub(crate) batch: Option<PathBuf>,
    /// With --batch: register the good rows, write each bad one here
    /// (exit 6 when any was).
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub(crate) reject: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct NameArg {
    /// The domain name.
    pub(crate) name: String,
}

#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// The domain name.
    pub(crate) name: String,
    #[command(flatten)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct RenewArgs {
    /// The domain name (U-label or A-label: café.pt, xn--caf-dma.pt).
    pub(crate) name: String,
    /// Years to add (one of the policy's terms) [default: the shortest].
    #[arg(long)]
    pub(crate) years: Option<u32>,
}

#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    /// The domain name (U-label or A-label: café.pt, xn--caf-dma.pt).
    pub(crate) name: String,
    /// Replace the nameservers: HOST[=IP,...], repeatable.
    #[arg(long = "ns", value_name = "HOST[=IP,...]")]
    pub(crate) nameservers: Vec<String>,
    /// Remove every nameserver (the name becomes reserved).
    #[arg(long, conflicts_with = "nameservers")]
    pub(crate) no_ns: bool,
    /// Replace the DS records: "TAG ALG TYPE HEX", repeatable.
    #[arg(long = "ds", value_name = "DS")]
    pub(crate) ds: Vec<String>,
    /// Remove every DS record.
    #[arg(long, conflicts_with = "ds")]
    pub(crate) no_ds: bool,
    /// New technical contact (Art. 15.4).
    #[arg(long, value_name = "C")]
    pub(crate) tech: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct TransferArgs {
    /// The domain name (U-label or A-label: café.pt, xn--caf-dma.pt).
    pub(crate) name: String,
    /// New registrant (ownership transfer, Art. 14).
    #[arg(long, value_name = "C", conflicts_with_all = ["manager", "code"], required_unless_present = "manager")]
    pub(crate) registrant: Option<String>,
    /// Supporting evidence of the request's legitimacy (Art. 14.1, 14.2).
    #[arg(long, value_name = "TEXT", requires = "registrant")]
    pub(crate) evidence: Option<String>,
    /// New managing entity: a registrar id (Art. 15.1).
    #[arg(long, value_name = "R", requires = "code")]
    pub(crate) manager: Option<String>,
    /// The one-time transfer code from `transfer-code`.
    #[arg(long, value_name = "CODE", requires = "manager")]
    pub(crate) code: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RemovedBy {
    /// At once, no refund (Art. 21.1, 21.4).
    Registrant,
    /// After 8 days unless the registrant opposes (Art. 21.2).
    Manager,
    /// By the registry, on a paragraph of Art. 22.1 given with --reason.
    Registry,
}

#[derive(Debug, Args)]
pub(crate) struct RemoveArgs {
    /// The domain name (U-label or A-label: café.pt, xn--caf-dma.pt).
    pub(crate) name: String,
    /// Who asks for the removal.
    #[arg(long, value_enum)]
    pub(crate) by: RemovedBy,
    /// The full grounds (registry removals), noticed to the registrant.
    #[arg(long, value_name = "TEXT")]
    pub(crate) grounds: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CaseArgs {
    /// The domain name (U-label or A-label: café.pt, xn--caf-dma.pt).
    pub(crate) name: String,
    /// The judicial or arbitral case reference.
    #[arg(long = "case", value_name = "REF")]
    pub(crate) case_ref: String,
}

#[derive(Debug, Args)]
pub(crate) struct UnlockArgs {
    /// The domain name (U-label or A-label: café.pt, xn--caf-dma.pt).
    pub(crate) name: String,
    /// Lift only this case's lock.
    #[arg(long = "case", value_name = "REF")]
    pub(crate) case_ref: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The domain name (U-label or A-label: café.pt, xn--caf-dma.pt).
    pub(crate) name: String,
    /// Answer as the registry stood at this time (rebuilt from the journal).
    #[arg(long, value_name = "TIME")]
    pub(crate) as_of: Option<String>,
}

/// How a list is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Aligned columns with borders, for a person at a terminal.
    Table,
    /// A header line, then one row a line, tab-separated (\t, \n, \\ escaped).
    Tsv,
    /// Comma-separated values with a header (RFC 4180 quoting).
    Csv,
    /// One JSON array (the same as --json).
    Json,
    /// JSON Lines: one object a line.
    Jsonl,
}

/// The `--format` of every list.
#[derive(Debug, Args)]
pub(crate) struct ListFormat {
    /// Output format [default: table on a terminal, tsv otherwise].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub(crate) format: Option<Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StateArg {
    Reserved,
    Registered,
    Grace,
    Suspended,
    Removed,
}

#[derive(Debug, Args)]
pub(crate) struct DomainsArgs {
    /// Only names in this state at the clock [default: every state but removed].
    #[arg(long, value_enum)]
    pub(crate) state: Option<StateArg>,
    /// Only names of this registrant (a contact id).
    #[arg(long, value_name = "C")]
    pub(crate) registrant: Option<String>,
    /// Only names managed by this registrar (or self-managed by this contact).
    #[arg(long, value_name = "R")]
    pub(crate) manager: Option<String>,
    /// Only names expiring before this time.
    #[arg(long, value_name = "TIME")]
    pub(crate) expiring_before: Option<String>,
    /// List the registry as it stood at this time, rebuilt from the journal
    /// and the records of the imports (the filters apply to it then).
    #[arg(long, value_name = "TIME")]
    pub(crate) as_of: Option<String>,
    #[command(flatten)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct LedgerArgs {
    /// Only lines at or after this time.
    #[arg(long, value_name = "TIME")]
    pub(crate) from: Option<String>,
    /// Only lines before this time.
    #[arg(long, value_name = "TIME")]
    pub(crate) to: Option<String>,
    /// The same as --format csv.
    #[arg(long, conflicts_with = "format")]
    pub(crate) csv: bool,
    #[command(flatten)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  ptreg notices\n  ptreg notices --since 2026-03-01 --all --format jsonl"
)]
pub(crate) struct NoticesArgs {
    #[command(subcommand)]
    pub(crate) action: Option<NoticesCommand>,
    /// Only notices written at or after this time.
    #[arg(long, value_name = "TIME")]
    pub(crate) since: Option<String>,
    /// Include notices already acknowledged as sent.
    #[arg(long)]
    pub(crate) all: bool,
    #[command(flatten)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub(crate) enum NoticesCommand {
    /// Mark a notice as sent.
    #[command(
        after_help = "Examples:\n  ptreg notices ack 42\n  ptreg --json notices | jq -r \".[].id\" | xargs -n1 ptreg notices ack"
    )]
    Ack {
        /// The notice's id (the `id` column of `notices`).
        id: i64,
    },
}

/// The WHOIS answer layout, stable for scripts.
const WHOIS_LAYOUT: &str = "\
Answer: `%` lines first (the terms of use and `% Answer at TIME`), a blank
line, then one `Key: value` line per field, in this order:
  Domain:             A-label name
  Domain (Unicode):   U-label name
  Creation Date:      RFC 3339 UTC
  Expiration Date:    RFC 3339 UTC
  Status:             reserved | registered | grace | suspended (at the clock)
  Registrant Name:    \\
  Registrant Address:  > `Not disclosed (Art. 30.3)` for a natural person
  Registrant Email:   /  without consent; organisations always shown (30.7)
  Registrar Name:     the managing entity when it is a registrar
  Registrar Address:  its postal address (Art. 30.2; absent if none is recorded)
  Registrar Email:    (`Manager Name/Address/Email` when the registrant
                      manages the name itself)
  Name Server:        HOST [GLUE-IP...]   one line per nameserver
  DNSSEC:             signedDelegation | unsigned
  DS:                 TAG ALG TYPE DIGEST one line per DS record
A name not under .pt: `invalid query` (exit 2). A free name: the header and
`No match for NAME` on stdout (exit 4). `whois serve` sends the same texts
to RFC 3912 clients, within the policy's per-address quota (WHOIS policy
2.5).

Examples:
  ptreg whois exemplo.pt
  ptreg --json whois café.pt
  ptreg whois exemplo.pt --as-of 2026-01-01";

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, after_help = WHOIS_LAYOUT)]
pub(crate) struct WhoisArgs {
    #[command(subcommand)]
    pub(crate) action: Option<WhoisCommand>,
    /// The domain name to look up.
    #[arg(required = true)]
    pub(crate) name: Option<String>,
    /// Answer as the registry stood at this time.
    #[arg(long, value_name = "TIME")]
    pub(crate) as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum WhoisCommand {
    /// Serve RFC 3912 WHOIS queries with the same answers as `whois NAME`.
    ///
    /// Per source (an IPv4 address, or an IPv6 /64), the policy's quota
    /// ([whois] quota queries per window_hours, shared with `rdap serve`);
    /// past it the source is suspended for suspension_hours, each further
    /// episode that much longer (WHOIS policy 2.5). Every query is logged in
    /// the registry, kept [whois] log_days days. The clock starts at --now
    /// (or the system clock) and runs in real time; a `policy set` is
    /// followed without a restart. The bound address is printed on stderr
    /// (`--listen 127.0.0.1:0` picks a free port); SIGTERM or SIGINT stops
    /// the server cleanly, SIGHUP is ignored.
    #[command(
        after_help = "Examples:\n  ptreg whois serve --listen 0.0.0.0:43   # as the ptreg-whois.service unit runs it\n  ptreg whois serve --listen 127.0.0.1:0   # a free port, printed on stderr"
    )]
    Serve {
        /// Address to listen on.
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:4343")]
        listen: String,
    },
}

/// The paths `rdap` answers (a macro, so each subcommand's help can add
/// its examples to it).
macro_rules! rdap_paths {
    () => {
        "\
Paths: /domain/NAME (A-label or U-label), /nameserver/HOST, /entity/HANDLE
(a registrar, or a contact as far as Art. 30 lets it be shown), /help.
Searches, /ip and /autnum: 501. A free name, or one not under .pt: 404. A
malformed path: 400. Bodies are RDAP JSON (application/rdap+json)."
    };
}
const RDAP_PATHS: &str = rdap_paths!();

#[derive(Debug, Subcommand)]
#[command(after_help = RDAP_PATHS)]
pub(crate) enum RdapCommand {
    /// Serve RDAP over HTTP/1.1 (GET and HEAD, keep-alive, CORS).
    ///
    /// Answers at the system clock (or --now, then running in real time),
    /// follows a `policy set` without a restart, and shares the per-source
    /// WHOIS quota with `whois serve` (429 with Retry-After past it). Meant
    /// to run behind a reverse proxy that terminates TLS: give the public
    /// URL with --base-url and the proxy's address with --trusted-proxy.
    /// The bound address is printed on stderr; SIGTERM or SIGINT stops it
    /// cleanly, SIGHUP is ignored.
    #[command(after_help = concat!(
        rdap_paths!(),
        "\n\nExamples:\n  ptreg rdap serve --listen 127.0.0.1:8080 --base-url https://rdap.dns.pt/ \\\n      --trusted-proxy 127.0.0.1   # behind the TLS proxy, as ptreg-rdap.service\n  ptreg rdap serve --listen 127.0.0.1:0   # a free port, printed on stderr"
    ))]
    Serve {
        /// Address to listen on.
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
        listen: String,
        /// The public URL of the service, for the links in answers
        /// (default: http:// and the request's Host).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// A reverse proxy whose X-Forwarded-For names the client (the
        /// quota then counts the client, not the proxy). Repeatable.
        #[arg(long, value_name = "IP")]
        trusted_proxy: Vec<std::net::IpAddr>,
    },
    /// Print the body the server would send for PATH (exit 0 for 200, 4
    /// for 404, 2 for 400 and 501).
    #[command(after_help = concat!(
        rdap_paths!(),
        "\n\nExamples:\n  ptreg rdap get /domain/exemplo.pt | jq .status\n  ptreg rdap get /entity/lusonet --base-url https://rdap.dns.pt/"
    ))]
    Get {
        /// The request path, e.g. /domain/exemplo.pt.
        path: String,
        /// The public URL of the service, for the links in the answer.
        #[arg(long, value_name = "URL", default_value = "http://localhost")]
        base_url: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ZoneCommand {
    /// Write the .pt zone as an RFC 1035 master file.
    #[command(
        after_help = "Examples:\n  ptreg zone export --out /var/lib/bind/pt.zone\n  ptreg zone export --out pt.zone --max-changes 5%\n  ptreg zone export | named-checkzone pt /dev/stdin"
    )]
    Export {
        /// Write here (atomically) instead of stdout; `-` is stdout, a FIFO
        /// or device is written through.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// SOA serial [default: YYYYMMDDnn, never going backwards].
        #[arg(long, value_name = "N")]
        serial: Option<u32>,
        /// Refuse to publish (exit 5) when more delegations than this were
        /// added, removed or changed since the last export (N, or N% of it).
        #[arg(long, value_name = "N|N%")]
        max_changes: Option<String>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct AuditSampleArgs {
    /// Share of the population to sample [default: the policy's rate].
    #[arg(long, conflicts_with_all = ["count", "reproduce"])]
    pub(crate) rate: Option<f64>,
    /// Sample exactly this many names.
    #[arg(long, conflicts_with = "reproduce")]
    pub(crate) count: Option<usize>,
    /// Seed in hex [default: derived from the journal head].
    #[arg(long, value_name = "HEX", conflicts_with = "reproduce")]
    pub(crate) seed: Option<String>,
    /// Recompute a past run and say whether the selection matches.
    #[arg(long, value_name = "RUN")]
    pub(crate) reproduce: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// List conformity cases.
    #[command(
        after_help = "Examples:\n  ptreg audit cases --open\n  ptreg audit cases --overdue --format tsv | cut -f2"
    )]
    Cases {
        /// Only undecided cases.
        #[arg(long, conflicts_with = "overdue")]
        open: bool,
        /// Only undecided cases whose proof is past due (Art. 8.2).
        #[arg(long)]
        overdue: bool,
        #[command(flatten)]
        format: ListFormat,
    },
    /// Ask registrant and manager for proof within 2 days (Art. 8.2).
    #[command(after_help = "Examples:\n  ptreg audit request-proof exemplo.pt")]
    RequestProof {
        /// The domain name of the open case.
        name: String,
    },
    /// Decide a case: conform, or remove with grounds (Art. 8.3, 20).
    #[command(
        after_help = "Examples:\n  ptreg audit decide exemplo.pt --conform\n  ptreg audit decide exemplo.pt --remove --grounds \"no proof of the grounds within 2 days\""
    )]
    Decide {
        /// The domain name of the open case.
        name: String,
        /// The registration conforms: close the case (Art. 8.3).
        #[arg(long, conflicts_with = "remove", required_unless_present = "remove")]
        conform: bool,
        /// The registration does not conform: remove the name (Art. 8.3, 20).
        #[arg(long, requires = "grounds")]
        remove: bool,
        /// The grounds of the removal, noticed to the registrant.
        #[arg(long, value_name = "TEXT")]
        grounds: Option<String>,
    },
    /// Check the journal's hash chain and print its tree head (size, root).
    ///
    /// With --checkpoint and --pubkey: also prove, from this file alone,
    /// that the journal still holds the tree the checkpoint signed (an RFC
    /// 9162 consistency proof from the checkpoint's size to now). A journal
    /// rewritten before the checkpoint fails, even one whose every hash was
    /// recomputed, and the first entry that differs is named when this file
    /// still holds the hashes that were signed.
    #[command(
        after_help = "Examples:\n  ptreg audit verify\n  ptreg audit verify --checkpoint cp-2026-03-01.txt --pubkey journal.key.pub"
    )]
    Verify {
        /// A checkpoint printed by `audit checkpoint` (kept outside the registry).
        #[arg(long, value_name = "FILE", requires = "pubkey")]
        checkpoint: Option<PathBuf>,
        /// The verifier key of the checkpoint's signer (from `audit keygen`).
        #[arg(long, value_name = "FILE", requires = "checkpoint")]
        pubkey: Option<PathBuf>,
    },
    /// Make an Ed25519 key pair for signing checkpoints.
    ///
    /// The private key is written to FILE (mode 0600, never overwritten),
    /// the verifier key to FILE.pub and to stdout. Keep the private key off
    /// the registry's machine if you can; give the verifier key to auditors.
    #[command(
        after_help = "Examples:\n  ptreg audit keygen --out journal.key --name dns.pt/journal"
    )]
    Keygen {
        /// Where to write the private key.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The key's name, which is also the checkpoints' origin line.
        #[arg(long, value_name = "NAME", default_value = "ptreg/journal")]
        name: String,
    },
    /// Sign the journal's tree head and print the checkpoint.
    ///
    /// The checkpoint (C2SP tlog-checkpoint text in a C2SP signed note:
    /// origin, size, base64 root, a blank line and the Ed25519 signature)
    /// goes to stdout: keep it, mail it, publish it. The registry keeps
    /// every checkpoint it signed and refuses (exit 1) to sign one that is
    /// inconsistent with an earlier one, or over a broken chain.
    #[command(
        after_help = "Examples:\n  ptreg audit checkpoint --key journal.key > cp-$(date +%F).txt"
    )]
    Checkpoint {
        /// The private key from `audit keygen`.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
    },
    /// Print an inclusion proof of one journal entry (C2SP tlog-proof).
    ///
    /// The proof holds the entry's index and hash, the audit path and the
    /// signed checkpoint it is proved against: by default the latest kept
    /// checkpoint that covers the entry. `audit check-proof` (or any RFC
    /// 9162 verifier) checks it without the registry.
    #[command(
        after_help = "Examples:\n  ptreg audit prove 42 --checkpoint cp.txt > entry-42.tlog-proof"
    )]
    Prove {
        /// The entry's sequence number.
        seq: i64,
        /// Prove against this checkpoint instead of the latest kept one.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
    },
    /// Check an inclusion proof from `audit prove`, without the registry.
    ///
    /// Exit 0 when the checkpoint's signature verifies with the key and the
    /// entry's hash is in the signed tree at the proof's index; 1 otherwise.
    #[command(
        after_help = "Examples:\n  ptreg audit check-proof entry-42.tlog-proof --pubkey journal.key.pub"
    )]
    CheckProof {
        /// The proof file.
        proof: PathBuf,
        /// The verifier key of the checkpoint's signer.
        #[arg(long, value_name = "FILE")]
        pubkey: PathBuf,
        /// The entry hash (hex) you expect, e.g. from `history --json`.
        #[arg(long, value_name = "HEX")]
        hash: Option<String>,
    },
    /// Write what an auditor keeps of a sampling run.
    ///
    /// The run's parameters, seed and population digest; every selected
    /// name with its stratum and reason, its case and what followed (proof
    /// requests, decisions, refunds); the journal entries (sequence and
    /// hash) that record all this, and the first signed checkpoint that
    /// covers them. Built from the registry file alone: the same registry
    /// gives the same bytes. HTML is one self-contained file.
    #[command(
        after_help = "Examples:\n  ptreg audit report 42 > run-42.md\n  ptreg audit report 42 --format html > run-42.html\n  ptreg audit report 42 --format csv | cut -d, -f1,2"
    )]
    Report {
        /// The run (its journal entry, as `audit runs` lists it).
        run: i64,
        /// md (Markdown, the default), html (one self-contained page) or csv
        /// (one row per selected name).
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
    },
    /// List the sampling runs: id (for --reproduce and report), time, seed,
    /// population and how many names were selected.
    #[command(
        after_help = "Examples:\n  ptreg audit runs\n  ptreg audit runs --format jsonl | tail -1"
    )]
    Runs(ListFormat),
    /// Re-evaluate recorded registration decisions under today's rules.
    #[command(after_help = "Examples:\n  ptreg audit replay\n  ptreg --json audit replay")]
    Replay,
}

/// The layouts of `audit report`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML file.
    Html,
    /// CSV, one row per selected name.
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// CSV with a header, or JSON Lines (.jsonl); `-`: standard input.
    pub(crate) file: PathBuf,
    /// Import the good rows; write each bad one here with its line and
    /// reason (exit 6 when any was).
    #[arg(long, value_name = "FILE")]
    pub(crate) reject: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Write here instead of stdout (mode 0600, renamed into place; `-` is
    /// stdout; never the registry or its -wal/-shm/-journal files).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct BackupArgs {
    /// Destination file (mode 0600, renamed into place; `-` is stdout).
    pub(crate) file: PathBuf,
}

/// The shells `completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ShellArg {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: ShellArg,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        full_command().debug_assert();
        command().debug_assert();
    }

    /// Defined when invoked, every command has the texts, options (in the
    /// order `--help` shows them under each heading) and commands it has
    /// when all are defined at once. (`ptreg help CMD SUB` reads the real
    /// commands; only the listing under `help` differs, and the completion
    /// scripts are made from the full command line.)
    #[test]
    fn a_command_defined_when_invoked_is_the_same() {
        fn shape(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
            let text = |t: Option<&clap::builder::StyledStr>| t.map(|t| t.to_string());
            out.push(format!(
                "{path}: {:?} {:?} {:?}",
                text(cmd.get_about()),
                text(cmd.get_long_about()),
                text(cmd.get_after_help())
            ));
            let mut args: Vec<&clap::Arg> = cmd.get_arguments().collect();
            args.sort_by_key(|a| a.get_help_heading());
            for arg in args {
                out.push(format!(
                    "{path}: {} {:?} {:?}",
                    arg.get_id(),
                    arg.get_help_heading(),
                    text(arg.get_help())
                ));
            }
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                shape(sub, &format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut full = full_command();
        full.build();
        let mut lazy = command();
        lazy.build();
        let (mut want, mut got) = (Vec::new(), Vec::new());
        shape(&full, "ptreg", &mut want);
        shape(&lazy, "ptreg", &mut got);
        assert!(want.len() > 500, "{} lines", want.len());
        let first = want.iter().zip(&got).position(|(w, g)| w != g);
        assert!(
            first.is_none() && got.len() == want.len(),
            "{} lines, {} wanted; first difference:\n{:?}\n{:?}",
            got.len(),
            want.len(),
            first.map(|i| &got[i]),
            first.map(|i| &want[i])
        );
    }

    /// Every command, flag and operand is described, and every command
    /// that runs has examples.
    #[test]
    fn every_command_and_flag_is_described_with_examples() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg.get_help().is_none() {
                    missing.push(format!("{path}: {} has no description", arg.get_id()));
                }
            }
            let leaf = cmd.get_subcommands().next().is_none()
                || cmd.is_args_conflicts_with_subcommands_set();
            if !path.is_empty() && leaf && examples(cmd).is_none() {
                missing.push(format!("{path}: no examples"));
            }
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {}: no about", sub.get_name()));
                }
                walk(sub, format!("{path} {}", sub.get_name()).trim(), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&full_command(), "", &mut missing);
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    /// Every path of CHANGING and REPORTING names a command.
    #[test]
    fn the_command_lists_name_commands() {
        let cmd = full_command();
        for path in CHANGING.iter().chain(REPORTING) {
            let mut c = &cmd;
            for word in path.split(' ') {
                c = c
                    .find_subcommand(word)
                    .unwrap_or_else(|| panic!("{path}: no {word}"));
            }
            let takes = c.get_arguments().any(|a| a.get_id() == "dry_run");
            assert_eq!(takes, CHANGING.contains(path), "{path}");
        }
    }
}
