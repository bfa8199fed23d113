//! The .pt-scale benchmark (SPEC §11): one command,
//!
//!     cargo bench --bench scale -- --names 2000000 [--seed 42] [--dir DIR]
//!         [--runs 50] [--no-insert-reference]
//!
//! generates a synthetic registry of N names, then measures each target
//! against its reference on this machine, in one run, and prints a table of
//! measurement, reference, ratio, target and verdict. Commands that are not
//! built yet are reported as not measured, never skipped silently.

mod epp;
mod generate;
mod reference;
mod servers;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

const PTREG: &str = env!("CARGO_BIN_EXE_ptreg");

struct Args {
    names: u64,
    seed: u64,
    dir: PathBuf,
    runs: usize,
    /// Skip the two reference inserts (they take longest; at 10 M the plain
    /// one runs for very long): the import rows then say not measured.
    no_insert_reference: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        names: 100_000,
        seed: 42,
        dir: std::env::temp_dir().join("ptreg-bench"),
        runs: 50,
        no_insert_reference: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--names" => {
                a.names = value("--names")?
                    .parse()
                    .map_err(|e| format!("--names: {e}"))?
            }
            "--seed" => {
                a.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--dir" => a.dir = PathBuf::from(value("--dir")?),
            "--runs" => {
                a.runs = value("--runs")?
                    .parse()
                    .map_err(|e| format!("--runs: {e}"))?
            }
            "--no-insert-reference" => a.no_insert_reference = true,
            // `cargo bench` passes --bench to every bench target.
            "--bench" => {}
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(a)
}

/// One measured run of a child process: wall time, peak RSS (KiB), and
/// whether the command exists yet.
struct Run {
    wall: Duration,
    max_rss_kib: Option<u64>,
    ok: bool,
    not_built: bool,
    stderr: String,
}

/// Runs `ptreg ARGS` against `db` at the synthetic clock, under
/// `/usr/bin/time` when installed (for the peak RSS of the child).
fn ptreg(db: &Path, args: &[&str], stdout: Option<&Path>) -> Run {
    run_ptreg(db, args, stdout, true)
}

/// Like [`ptreg`]; without `/usr/bin/time` when `rss` is false, so a
/// latency of a few milliseconds is not measured with a wrapper's fork.
fn run_ptreg(db: &Path, args: &[&str], stdout: Option<&Path>, rss: bool) -> Run {
    let time_bin = Path::new("/usr/bin/time");
    let rss_file = db.with_extension("rss");
    let _ = std::fs::remove_file(&rss_file);
    let mut cmd = if rss && time_bin.exists() {
        let mut c = Command::new(time_bin);
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(PTREG);
        c
    } else {
        Command::new(PTREG)
    };
    cmd.args(args)
        .env("PTREG_DB", db)
        .env("PTREG_NOW", generate::NOW)
        .env("PTREG_ACTOR", "bench");
    match stdout.map(std::fs::File::create) {
        Some(Ok(f)) => {
            cmd.stdout(f);
        }
        _ => {
            cmd.stdout(std::process::Stdio::null());
        }
    }
    let start = Instant::now();
    let out = cmd.output();
    let wall = start.elapsed();
    let (ok, stderr) = match out {
        Ok(o) => (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => (false, e.to_string()),
    };
    let max_rss_kib = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()));
    Run {
        wall,
        max_rss_kib,
        ok,
        not_built: stderr.contains("is not built yet"),
        stderr,
    }
}

/// A row of the result table.
struct Row {
    what: String,
    measured: String,
    reference: String,
    ratio: String,
    target: String,
    verdict: String,
}

fn secs(d: Duration) -> String {
    if d.as_secs_f64() < 1.0 {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

fn not_measured(what: &str, target: &str, run: &Run) -> Row {
    let why = if run.not_built {
        "not measured (command not landed)".to_string()
    } else {
        format!("failed: {}", run.stderr.lines().next().unwrap_or("").trim())
    };
    Row {
        what: what.to_string(),
        measured: why,
        reference: "-".into(),
        ratio: "-".into(),
        target: target.into(),
        verdict: "-".into(),
    }
}

fn versus(what: &str, run: &Run, reference: Duration, limit: f64, target: &str) -> Row {
    if !run.ok {
        return not_measured(what, target, run);
    }
    let ratio = run.wall.as_secs_f64() / reference.as_secs_f64().max(1e-9);
    Row {
        what: what.to_string(),
        measured: secs(run.wall),
        reference: secs(reference),
        ratio: format!("{ratio:.2}x"),
        target: target.to_string(),
        verdict: if ratio <= limit { "pass" } else { "FAIL" }.to_string(),
    }
}

fn under(what: &str, run: &Run, measured: Duration, limit: Duration, target: &str) -> Row {
    if !run.ok {
        return not_measured(what, target, run);
    }
    Row {
        what: what.to_string(),
        measured: secs(measured),
        reference: "-".into(),
        ratio: "-".into(),
        target: target.to_string(),
        verdict: if measured <= limit { "pass" } else { "FAIL" }.to_string(),
    }
}

fn copy_db(from: &Path, to: &Path) -> std::io::Result<()> {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", to.display()));
    }
    std::fs::copy(from, to)?;
    let wal = PathBuf::from(format!("{}-wal", from.display()));
    if wal.exists() {
        std::fs::copy(&wal, format!("{}-wal", to.display()))?;
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    std::fs::create_dir_all(&args.dir)?;
    let dir = &args.dir;
    let people = dir.join("people.jsonl");
    let domains = dir.join("domains.csv");
    let mut rows = Vec::new();

    println!("machine: {}", machine());
    eprintln!(
        "generating {} names (seed {}) in {}",
        args.names,
        args.seed,
        dir.display()
    );
    let t = Instant::now();
    let spec = generate::Spec {
        names: args.names,
        seed: args.seed,
        due: 0.01,
    };
    {
        let mut p = std::io::BufWriter::new(std::fs::File::create(&people)?);
        let mut d = std::io::BufWriter::new(std::fs::File::create(&domains)?);
        let w = generate::generate(&spec, &mut p, &mut d)?;
        println!(
            "registry: {} names, {} contacts, {} registrars (seed {}), generated in {}",
            w.domains,
            w.contacts,
            w.registrars,
            args.seed,
            secs(t.elapsed())
        );
    }

    // The base registry: init, then the contacts and registrars.
    let base = dir.join("base.db");
    copy_db_clean(&base);
    let r = ptreg(&base, &["init"], None);
    if !r.ok {
        return Err(format!("init failed: {}", r.stderr).into());
    }
    let r = ptreg(&base, &["-q", "import", path(&people)], None);
    if !r.ok {
        return Err(format!("importing the people failed: {}", r.stderr).into());
    }
    println!("people (JSON Lines) imported in {}", secs(r.wall));

    // import vs a plain insert of the same rows.
    let references = if args.no_insert_reference {
        None
    } else {
        let reference_db = dir.join("reference.db");
        copy_db(&base, &reference_db)?;
        eprintln!("reference insert (SQLite defaults) ...");
        let plain = reference::insert(&reference_db, &domains, false)?;
        copy_db(&base, &reference_db)?;
        eprintln!("reference insert (ptreg's PRAGMAs) ...");
        let tuned = reference::insert(&reference_db, &domains, true)?;
        let _ = std::fs::remove_file(&reference_db);
        Some((plain, tuned))
    };
    let db = dir.join("registry.db");
    copy_db(&base, &db)?;
    eprintln!("ptreg import ...");
    let import = ptreg(&db, &["-q", "import", path(&domains)], None);
    let what = format!("import {} rows", args.names);
    match references {
        Some((plain, tuned)) => {
            rows.push(versus(&what, &import, plain, 1.5, "<= 1.5x plain insert"));
            rows.push(versus(
                "  same, vs insert with ptreg's PRAGMAs",
                &import,
                tuned,
                1.5,
                "<= 1.5x (stricter)",
            ));
        }
        None => {
            let mut row = info(&what, secs(import.wall));
            row.reference = "not measured (--no-insert-reference)".into();
            rows.push(row);
        }
    }
    if let Some(kib) = import.max_rss_kib {
        rows.push(info("import peak RSS", format!("{} MiB", kib / 1024)));
    }
    if !import.ok {
        eprintln!("{}", import.stderr);
        print(&rows);
        return Ok(());
    }

    // zone export vs a plain streaming SELECT writing the same records.
    eprintln!("zone export ...");
    let zone_ref = reference::zone(&db, &dir.join("reference.zone"))?;
    let zone = ptreg(
        &db,
        &["-q", "zone", "export"],
        Some(&dir.join("ptreg.zone")),
    );
    rows.push(versus(
        "zone export",
        &zone,
        zone_ref,
        1.5,
        "<= 1.5x streaming SELECT",
    ));
    if zone.ok {
        let mib = zone.max_rss_kib.unwrap_or(0) as f64 / 1024.0;
        rows.push(Row {
            what: "zone export peak RSS".into(),
            measured: format!("{mib:.1} MiB"),
            reference: "-".into(),
            ratio: "-".into(),
            target: "< 100 MiB".into(),
            verdict: if mib < 100.0 { "pass" } else { "FAIL" }.into(),
        });
    }

    // domains: TSV vs a plain streaming SELECT of the same columns; every
    // streamed format in flat memory.
    eprintln!("domains ...");
    let domains_ref = reference::domains_tsv(&db, &dir.join("reference.tsv"))?;
    for format in ["tsv", "csv", "json", "jsonl"] {
        let out = dir.join(format!("domains.{format}"));
        let run = ptreg(&db, &["domains", "--format", format], Some(&out));
        let what = format!("domains --format {format}");
        if format == "tsv" {
            rows.push(versus(
                &what,
                &run,
                domains_ref,
                1.5,
                "<= 1.5x streaming SELECT",
            ));
        } else {
            rows.push(info(&what, secs(run.wall)));
        }
        if run.ok {
            let mib = run.max_rss_kib.unwrap_or(0) as f64 / 1024.0;
            rows.push(Row {
                what: format!("  {format} peak RSS"),
                measured: format!("{mib:.1} MiB"),
                reference: "-".into(),
                ratio: "-".into(),
                target: "< 100 MiB".into(),
                verdict: if mib < 100.0 { "pass" } else { "FAIL" }.into(),
            });
        }
        let _ = std::fs::remove_file(&out);
    }

    // whois and show: whole process, median of N runs.
    let name = reference::some_registered_name(&db)?;
    for cmd in ["whois", "show"] {
        let mut walls = Vec::new();
        let mut last = None;
        for _ in 0..args.runs {
            let r = run_ptreg(&db, &[cmd, &name], None, false);
            walls.push(r.wall);
            let stop = !r.ok;
            last = Some(r);
            if stop {
                break;
            }
        }
        walls.sort();
        let median = walls[walls.len() / 2];
        if let Some(r) = last {
            rows.push(under(
                &format!("{cmd} (median of {})", walls.len()),
                &r,
                median,
                Duration::from_millis(10),
                "< 10 ms",
            ));
        }
    }

    // The directory servers under load, on a copy whose policy raises the
    // per-source quota (every client here is 127.0.0.1).
    eprintln!("servers ...");
    rows.extend(servers_rows(dir, &db)?);

    // sweep with 1 % due, on a copy (it changes the registry). The first
    // run after a migration also sends the expiry reminders of every name
    // expiring within 30 days; the next day's run is the steady state.
    let sweep_db = dir.join("sweep.db");
    copy_db(&db, &sweep_db)?;
    let next_day = "2026-03-02T09:00:00Z";
    for (label, now) in [
        ("first run: 1 % due", generate::NOW),
        ("the next day", next_day),
    ] {
        eprintln!("sweep ({label}) ...");
        let out = dir.join("sweep.json");
        let sweep = ptreg(&sweep_db, &["--json", "--now", now, "sweep"], Some(&out));
        let counts = std::fs::read_to_string(&out)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .map(|v| {
                format!(
                    " ({} to grace, {} reminders)",
                    v["to_grace"], v["reminders"]
                )
            })
            .unwrap_or_default();
        rows.push(under(
            &format!("sweep, {label}{counts}"),
            &sweep,
            sweep.wall,
            Duration::from_secs(2),
            "< 2 s",
        ));
        if let Some(kib) = sweep.max_rss_kib {
            rows.push(info("  sweep peak RSS", format!("{} MiB", kib / 1024)));
        }
    }

    eprintln!("audit-sample ...");
    let sample = ptreg(&sweep_db, &["-q", "audit-sample", "--seed", "00"], None);
    rows.push(under(
        "audit-sample",
        &sample,
        sample.wall,
        Duration::from_secs(1),
        "< 1 s",
    ));

    eprintln!("export ...");
    let export = ptreg(
        &db,
        &["-q", "export", "--out", path(&dir.join("export.jsonl"))],
        None,
    );
    rows.push(if export.ok {
        info("export (whole registry)", secs(export.wall))
    } else {
        not_measured("export", "-", &export)
    });

    eprintln!("EPP ...");
    rows.extend(epp::rows(&db, dir));

    print(&rows);
    Ok(())
}

/// The machine the figures were taken on.
/// `rdap serve` and `whois serve` with 8 clients each for 5 s.
fn servers_rows(dir: &Path, db: &Path) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let copy = dir.join("servers.db");
    copy_db(db, &copy)?;
    let shown = dir.join("servers-policy.toml");
    let r = ptreg(&copy, &["policy", "show"], Some(&shown));
    if !r.ok {
        return Err(format!("policy show failed: {}", r.stderr).into());
    }
    let text = std::fs::read_to_string(&shown)?;
    let raised = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("quota") {
                "quota = 1000000000".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&shown, raised)?;
    let r = ptreg(&copy, &["-q", "policy", "set", path(&shown)], None);
    if !r.ok {
        return Err(format!("policy set failed: {}", r.stderr).into());
    }
    let names = servers::sample_names(&copy, 2000)?;
    if names.is_empty() {
        return Err("no delegated name to look up".into());
    }
    let time = Duration::from_secs(5);
    let mut rows = Vec::new();
    {
        let server = servers::Server::start(
            PTREG,
            &copy,
            generate::NOW,
            &["rdap", "serve", "--listen", "127.0.0.1:0"],
        )?;
        // Warm the page cache as a running server's would be.
        let _ = servers::rdap(server.addr, &names, 8, Duration::from_secs(1));
        let load = servers::rdap(server.addr, &names, 8, time);
        let pass = load.rate >= 2000.0 && load.p99 < Duration::from_millis(10) && load.wrong == 0;
        rows.push(Row {
            what: format!(
                "RDAP server, 8 keep-alive clients ({} lookups)",
                load.requests
            ),
            measured: format!(
                "{:.0}/s, p50 {}, p99 {}{}",
                load.rate,
                secs(load.p50),
                secs(load.p99),
                if load.wrong > 0 {
                    format!(", {} wrong", load.wrong)
                } else {
                    String::new()
                }
            ),
            reference: "-".into(),
            ratio: "-".into(),
            target: ">= 2,000/s, p99 < 10 ms".into(),
            verdict: if pass { "pass" } else { "FAIL" }.into(),
        });
    }
    {
        let server = servers::Server::start(
            PTREG,
            &copy,
            generate::NOW,
            &["whois", "serve", "--listen", "127.0.0.1:0"],
        )?;
        let load = servers::whois(server.addr, &names, 8, time);
        let pass = load.rate >= 1000.0 && load.wrong == 0;
        rows.push(Row {
            what: format!("WHOIS server, 8 clients ({} queries)", load.requests),
            measured: format!(
                "{:.0}/s, p50 {}, p99 {}{}",
                load.rate,
                secs(load.p50),
                secs(load.p99),
                if load.wrong > 0 {
                    format!(", {} wrong", load.wrong)
                } else {
                    String::new()
                }
            ),
            reference: "-".into(),
            ratio: "-".into(),
            target: ">= 1,000/s".into(),
            verdict: if pass { "pass" } else { "FAIL" }.into(),
        });
    }
    Ok(rows)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("MemTotal"))
                .map(|l| l.trim_start_matches("MemTotal:").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!(
        "{} | {cores} cores: {cpu} | memory {mem} | {rustc}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    )
}

fn copy_db_clean(db: &Path) {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}

fn info(what: &str, measured: String) -> Row {
    Row {
        what: what.to_string(),
        measured,
        reference: "-".into(),
        ratio: "-".into(),
        target: "-".into(),
        verdict: "-".into(),
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

fn print(rows: &[Row]) {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_header([
        "measurement",
        "ptreg",
        "reference",
        "ratio",
        "target",
        "verdict",
    ]);
    for r in rows {
        t.add_row([
            &r.what,
            &r.measured,
            &r.reference,
            &r.ratio,
            &r.target,
            &r.verdict,
        ]);
    }
    println!("{t}");
}
