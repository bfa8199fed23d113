//! Tests of the input readers: formats, headers, hashing, line numbers,
//! and (proptest) that no input makes them panic.

mod units {
    use super::super::*;

    #[test]
    fn the_delimiter_is_the_header_line_s_most_frequent() {
        for (head, d) in [
            (&b"name,registrant,created"[..], b','),
            (b"name;registrant;created\nx.pt;a,b;c", b';'),
            (b"\xef\xbb\xbfname;registrant", b';'),
            (b"name\tregistrant\r\n", b'\t'),
            (b"name", b','),
            (b"", b','),
            (b"name;a,b;c", b';'),
            (b"\n;;;", b','),
        ] {
            assert_eq!(
                csv_delimiter(head),
                d,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
        assert_eq!(delimiter_of("a,b;c;d"), Some(b';'));
        assert_eq!(delimiter_of("solo"), None);
    }

    #[test]
    fn formats_by_extension_then_content() {
        assert_eq!(detect(Path::new("a.jsonl"), b"name"), Format::Jsonl);
        assert_eq!(detect(Path::new("a.ndjson"), b""), Format::Jsonl);
        assert_eq!(detect(Path::new("a.csv"), b"{"), Format::Csv);
        assert_eq!(detect(Path::new("a.txt"), b"  \n{\"type\""), Format::Jsonl);
        assert_eq!(detect(Path::new("a"), b"name,registrant"), Format::Csv);
    }

    #[test]
    fn header_columns_in_any_order() {
        let h = ByteRecord::from(vec![
            "expires",
            "Name",
            "created",
            "registrant",
            "reject_line",
        ]);
        let c = columns(&h).unwrap();
        assert_eq!((c.name, c.expires, c.created, c.registrant), (1, 0, 2, 3));
        assert!(c.nameservers.is_none());
        for bad in [
            vec!["name", "registrant", "created"],
            vec!["name", "registrant", "created", "expires", "nameserver"],
            vec!["name", "name", "registrant", "created", "expires"],
        ] {
            assert!(columns(&ByteRecord::from(bad.clone())).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hashing_covers_the_whole_file() {
        let data = b"abc".repeat(10_000);
        let mut h = Hashing::new(&data[..]);
        let mut first = [0u8; 10];
        h.read_exact(&mut first).unwrap();
        let digest = h.finish().unwrap();
        assert_eq!(digest, hex::encode(Sha256::digest(&data)));
    }

    #[test]
    fn lines_are_numbered_and_blank_ones_skipped() {
        let mut seen = Vec::new();
        lines(&b"{\"a\":1}\n\n  \r\n{\"b\":2}\r\n"[..], |n, t| {
            seen.push((n, t.to_string()));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            [(1, "{\"a\":1}".to_string()), (4, "{\"b\":2}".to_string())]
        );
    }
}

mod never_panics {
    use proptest::prelude::*;
    use rusqlite::Connection;

    use super::super::*;
    use crate::bulk::Importer;
    use crate::rules::periods::parse_time;

    fn registry() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("../../store/schema.sql"))
            .unwrap();
        // Imports record each row's provenance.
        conn.execute_batch(include_str!("../../store/provenance.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO contact(id, kind, name, email, phone, address, country, created, updated)
             VALUES ('c1', 'person', 'A', 'a@b.pt', '+351.1', 'R', 'PT', 'x', 'x');",
        )
        .unwrap();
        conn
    }

    const HEADER: &str = "name,registrant,created,expires,state,nameservers,ds,arbitration\n";

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-zçã\\-]{0,8}\\.(pt|com\\.pt|org\\.pt|x),c1,20[0-9]{2}-0[1-9]-1[0-9],20[0-9]{2}-0[1-9]-1[0-9],(registered|grace|)?,(ns[0-9]\\.a\\.pt( |=)?){0,3},,(true|x)?",
            "\"[^\"]{0,5}\"?,,,,",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Any CSV body: rows imported or a clear error, never a panic.
        #[test]
        fn csv_input(lines in proptest::collection::vec(line(), 0..6), reject in any::<bool>()) {
            let conn = registry();
            let dir = tempfile::tempdir().unwrap();
            let now = parse_time("2026-03-01").unwrap();
            let policy = crate::rules::policy::Policy::parse(crate::rules::policy::DEFAULT_TOML).unwrap();
            let mut imp = Importer::new(&conn, now, &policy, "f.csv".into(), None).unwrap();
            let text = format!("{HEADER}{}", lines.join("\n"));
            let reject_path = dir.path().join("r.csv");
            let out = reject
                .then(|| crate::outfile::OutFile::create(
                    &reject_path,
                    crate::outfile::Holds::Personal,
                    &crate::outfile::Taken::default(),
                ))
                .transpose()
                .unwrap();
            let result = csv(
                &mut imp,
                Hashing::new(text.as_bytes()),
                out,
                &Progress::hidden(),
                csv_delimiter(text.as_bytes()),
            );
            if let Err(e) = result {
                prop_assert!(e.message.contains("line") || e.message.contains("f.csv"), "{}", e.message);
            }
        }

        /// Any JSON Lines body, likewise.
        #[test]
        fn jsonl_input(lines in proptest::collection::vec(prop_oneof![
            any::<String>(),
            "\\{\"type\":\"(domain|contact|registrar|x)\",\"name\":\"[a-z]{0,4}\\.pt\",\"registrant\":\"c1\",\"created\":\"2020-01-01\",\"expires\":\"20[0-3][0-9]-01-01\",\"nameservers\":\\[(\"ns1.a.pt\"|\\{\"host\":1\\}|1)?\\],\"arbitration\":(1|true|\"x\"|null)\\}",
        ], 0..6)) {
            let conn = registry();
            let now = parse_time("2026-03-01").unwrap();
            let policy = crate::rules::policy::Policy::parse(crate::rules::policy::DEFAULT_TOML).unwrap();
            let mut imp = Importer::new(&conn, now, &policy, "f.jsonl".into(), None).unwrap();
            let text = lines.join("\n");
            let _ = super::super::lines(text.as_bytes(), |n, t| jsonl_record(&mut imp, n, t));
        }
    }
}
