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
  5  conflict (an id that already exists, the file busy past the timeout)";

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
];

/// The whole command line: the derive types, with `--dry-run` and
/// `--reason` added to every command of [`CHANGING`].
pub(crate) fn command() -> clap::Command {
    add_change_flags(Cli::command(), "")
}

fn add_change_flags(cmd: clap::Command, path: &str) -> clap::Command {
    let cmd = if CHANGING.contains(&path) {
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
    };
    cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        let sub_path = if path.is_empty() {
            name
        } else {
            format!("{path} {name}")
        };
        add_change_flags(sub, &sub_path)
    })
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create the registry file with the default (or given) policy and lists.
    Init(InitArgs),
    /// Show or replace the policy in force.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Manage the name lists (geographic, protected, obscene, blocked, reserved).
    #[command(subcommand)]
    List(ListCommand),
    /// Explain whether names are admissible, without registering them.
    ///
    /// Each name is checked against every rule for a new registration
    /// (Art. 5 to 10, 31.3, 32) and every refusal is listed with its
    /// article; a text that is not a name under .pt is reported as such.
    /// Every name given is reported. Exit 0 when every name is admissible,
    /// 3 when any is refused, 2 when any is not a name under .pt.
    Check(CheckArgs),
    /// Manage contacts (registrants and technical contacts).
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Manage registrars (managing entities).
    #[command(subcommand)]
    Registrar(RegistrarCommand),
    /// Register a name (Art. 2, 3, 5-10, 26.2), or a batch of names.
    Register(RegisterArgs),
    /// Renew a name until expiry or during the grace period (Art. 17).
    Renew(RenewArgs),
    /// Change a name's technical data (Art. 16).
    Update(UpdateArgs),
    /// Transfer ownership (Art. 14) or management with a code (Art. 15.1).
    Transfer(TransferArgs),
    /// Issue a one-time management transfer code (Art. 15.1).
    TransferCode(NameArg),
    /// Remove a name (Art. 21, 22).
    Remove(RemoveArgs),
    /// Oppose a removal requested by the managing entity (Art. 21.2).
    Oppose(NameArg),
    /// Cure the grounds of a pending registry removal (Art. 22.2).
    Cure(NameArg),
    /// Record a notified litigation (Art. 14.4, 17.4, 21.3).
    Lock(CaseArgs),
    /// Lift a litigation lock.
    Unlock(UnlockArgs),
    /// Suspend a name under an arbitral injunction (Art. 28).
    Suspend(CaseArgs),
    /// Lift a suspension.
    Unsuspend(NameArg),
    /// The daily job: expiries, grace, pending removals, proofs, reminders.
    Sweep,
    /// Show one domain.
    Show(ShowArgs),
    /// List domains.
    Domains(DomainsArgs),
    /// Show the journal entries of one name.
    History(HistoryArgs),
    /// List charges and refunds (Art. 18-20).
    Ledger(LedgerArgs),
    /// List the notices outbox, or acknowledge a notice as sent.
    Notices(NoticesArgs),
    /// Answer WHOIS queries (Art. 30), on the command line or as a server.
    Whois(WhoisArgs),
    /// The RDAP directory (RFC 7480, 9082, 9083): serve it over HTTP, or
    /// print one answer.
    #[command(subcommand)]
    Rdap(RdapCommand),
    /// Export the .pt zone.
    #[command(subcommand)]
    Zone(ZoneCommand),
    /// Draw the conformity sample of new names (Art. 8.1).
    AuditSample(AuditSampleArgs),
    /// Conformity cases and the journal's integrity (Art. 8).
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Import existing records (CSV or JSON Lines) with their dates and states.
    Import(ImportArgs),
    /// Export the whole registry as JSON Lines.
    Export(ExportArgs),
    /// Copy the registry file safely while others use it.
    Backup(BackupArgs),
    /// Check the registry file: integrity, journal, orphans, schema.
    Doctor,
    /// Write man pages and shell completions (for packaging).
    #[command(hide = true)]
    GenerateAssets(GenerateAssetsArgs),
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
    Show,
    /// Put a new policy version in force from --now.
    Set {
        /// The policy TOML file.
        file: PathBuf,
    },
}

/// The lists of SPEC §4.
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
    /// saojoaodamadeira.pt and sao-joao-da-madeira.pt. A name already on the
    /// list is left as it is.
    Add {
        kind: ListKind,
        /// Names without their hierarchy (lists apply to every hierarchy).
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Remove names from a list (exit 4, nothing removed, if one is not on it).
    Remove {
        kind: ListKind,
        /// Names (or any spelling with the same folded key).
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Print a list.
    Show {
        kind: ListKind,
        #[command(flatten)]
        format: ListFormat,
    },
    /// Import a CSV or one-name-a-line file (such as the official list of parishes).
    ///
    /// A file is read as CSV when its name ends in .csv, when --column is
    /// given, or when its first line holds a comma, semicolon or tab (the
    /// delimiter is the most frequent of these); the first row is then the
    /// header, and the names are taken from the --column column, else the
    /// `name` column, else the first. Otherwise each line is one name.
    /// Blank lines and lines starting with # are skipped. A line that is not
    /// UTF-8 or holds no name stops the import with nothing changed (exit 2).
    Import {
        kind: ListKind,
        /// The file to read.
        file: PathBuf,
        /// The CSV column holding the names (e.g. freguesia).
        #[arg(long, value_name = "NAME")]
        column: Option<String>,
    },
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
    Add {
        id: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Update a contact's data (Art. 13).
    Update {
        id: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Show a contact.
    Show { id: String },
    /// List contacts.
    List(ListFormat),
    /// Import contacts from CSV (columns named like the flags).
    Import {
        file: PathBuf,
        /// Import the good rows; write each bad one here with its line.
        #[arg(long, value_name = "FILE")]
        reject: Option<PathBuf>,
    },
    /// Erase a contact's personal data (RGPD) when no live domain uses it.
    Erase { id: String },
}

#[derive(Debug, Subcommand)]
pub(crate) enum RegistrarCommand {
    /// Add a registrar (its name, address and e-mail are published, Art. 30.2).
    Add {
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// Postal address, shown by WHOIS (Art. 30.2).
        #[arg(long)]
        address: String,
        #[arg(long, value_name = "NIF")]
        vat: Option<String>,
    },
    /// Change a registrar's name, e-mail, address or tax number.
    Update {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Postal address, shown by WHOIS (Art. 30.2).
        #[arg(long)]
        address: Option<String>,
        #[arg(long, value_name = "NIF")]
        vat: Option<String>,
    },
    /// List registrars.
    List(ListFormat),
    /// Show a registrar.
    Show { id: String },
    /// Withdraw a registrar: its names pass to their registrants (Art. 15.2).
    Withdraw { id: String },
    /// Import registrars from CSV (columns id, name, email, address, vat).
    Import {
        file: PathBuf,
        #[arg(long, value_name = "FILE")]
        reject: Option<PathBuf>,
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
    /// Register every name of a CSV or JSON Lines file (SPEC §10 columns).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["name", "legitimacy"])]
    pub(crate) batch: Option<PathBuf>,
    /// With --batch: register the good rows, write each bad one here.
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
    pub(crate) name: String,
    /// Years to add (one of the policy's terms) [default: the shortest].
    #[arg(long)]
    pub(crate) years: Option<u32>,
}

#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
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
    pub(crate) name: String,
    /// The judicial or arbitral case reference.
    #[arg(long = "case", value_name = "REF")]
    pub(crate) case_ref: String,
}

#[derive(Debug, Args)]
pub(crate) struct UnlockArgs {
    pub(crate) name: String,
    /// Lift only this case's lock.
    #[arg(long = "case", value_name = "REF")]
    pub(crate) case_ref: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
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
    #[arg(long, value_enum)]
    pub(crate) state: Option<StateArg>,
    #[arg(long, value_name = "C")]
    pub(crate) registrant: Option<String>,
    #[arg(long, value_name = "R")]
    pub(crate) manager: Option<String>,
    #[arg(long, value_name = "TIME")]
    pub(crate) expiring_before: Option<String>,
    #[command(flatten)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct LedgerArgs {
    #[arg(long, value_name = "TIME")]
    pub(crate) from: Option<String>,
    #[arg(long, value_name = "TIME")]
    pub(crate) to: Option<String>,
    /// The same as --format csv.
    #[arg(long, conflicts_with = "format")]
    pub(crate) csv: bool,
    #[command(flatten)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
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
    Ack { id: i64 },
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
2.5).";

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
    Serve {
        /// Address to listen on.
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:4343")]
        listen: String,
    },
}

const RDAP_PATHS: &str = "\
Paths: /domain/NAME (A-label or U-label), /nameserver/HOST, /entity/HANDLE
(a registrar, or a contact as far as Art. 30 lets it be shown), /help.
Searches, /ip and /autnum: 501. A free name, or one not under .pt: 404. A
malformed path: 400. Bodies are RDAP JSON (application/rdap+json).";

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
    #[command(after_help = RDAP_PATHS)]
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
    #[command(after_help = RDAP_PATHS)]
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
    Export {
        /// Write here (atomically) instead of stdout.
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
    Cases {
        #[arg(long, conflicts_with = "overdue")]
        open: bool,
        #[arg(long)]
        overdue: bool,
        #[command(flatten)]
        format: ListFormat,
    },
    /// Ask registrant and manager for proof within 2 days (Art. 8.2).
    RequestProof { name: String },
    /// Decide a case: conform, or remove with grounds (Art. 8.3, 20).
    Decide {
        name: String,
        #[arg(long, conflicts_with = "remove", required_unless_present = "remove")]
        conform: bool,
        #[arg(long, requires = "grounds")]
        remove: bool,
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
    ///
    /// Examples:
    ///   ptreg audit verify
    ///   ptreg audit verify --checkpoint cp-2026-03-01.txt --pubkey journal.key.pub
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
    ///
    /// Example:
    ///   ptreg audit keygen --out journal.key --name dns.pt/journal
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
    ///
    /// Example:
    ///   ptreg audit checkpoint --key journal.key > cp-$(date +%F).txt
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
    ///
    /// Example:
    ///   ptreg audit prove 42 --checkpoint cp.txt > entry-42.tlog-proof
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
    ///
    /// Example:
    ///   ptreg audit check-proof entry-42.tlog-proof --pubkey journal.key.pub
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
    /// List the sampling runs: id (for --reproduce and report), time, seed,
    /// population and how many names were selected.
    ///
    /// Example:
    ///   ptreg audit runs
    Runs,
    /// Re-evaluate recorded registration decisions under today's rules.
    Replay,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// CSV with a header, or JSON Lines (.jsonl).
    pub(crate) file: PathBuf,
    /// Import the good rows; write each bad one here with its line and reason.
    #[arg(long, value_name = "FILE")]
    pub(crate) reject: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Write here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct BackupArgs {
    /// Destination file.
    pub(crate) file: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct GenerateAssetsArgs {
    /// Directory to write `man/` and `completions/` into.
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }

    /// Every path of CHANGING and REPORTING names a command.
    #[test]
    fn the_command_lists_name_commands() {
        let cmd = command();
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
