//! Table-driven tests of the contact checks.

use super::*;
use crate::model::ContactKind;
use crate::rules::periods::parse_time;

#[test]
fn nif() {
    let cases: &[(&str, bool)] = &[
        ("123456789", true),
        ("501964843", true),  // a company
        ("500100144", true),  // a company
        ("600019322", true),  // a public body
        ("980245974", true),  // a non-resident
        ("123456780", false), // wrong check digit
        ("12345678", false),  // 8 digits
        ("1234567890", false),
        ("412345678", false), // 4 alone is no valid start
        ("000000000", false),
        ("73", false),
        ("12345678a", false),
        ("", false),
        ("１23456789", false), // a full-width digit is no digit here
    ];
    for (nif, ok) in cases {
        assert_eq!(check_nif(nif).is_ok(), *ok, "{nif}: {:?}", check_nif(nif));
    }
}

#[test]
fn check_digit_zero_when_the_remainder_is_0_or_1() {
    // 10000001: 1*9 + 1*2 = 11 → r 0 → check 0.
    assert!(check_nif("100000010").is_ok());
    assert!(check_nif("100000011").is_err());
    // 10000010: 1*9 + 1*3 = 12 → r 1 → check 0.
    assert!(check_nif("100000100").is_ok());
}

#[test]
fn vat() {
    let cases: &[(&str, bool)] = &[
        ("123456789", true),
        ("PT123456789", true),
        ("pt 123 456 789", true),
        ("PT123456780", false),
        ("123456780", false),
        ("ESB12345678", true),
        ("DE123456789", true),
        ("X", false),
        ("E1234", false),
        ("ES", false),
        ("ES@1234", false),
    ];
    for (vat, ok) in cases {
        assert_eq!(check_vat(vat).is_ok(), *ok, "{vat}: {:?}", check_vat(vat));
    }
}

#[test]
fn email() {
    let cases: &[(&str, bool)] = &[
        ("ana.silva@exemplo.pt", true),
        ("a+tag@mail.exemplo.com.pt", true),
        ("joão@exemplo.pt", true),
        ("x@ção.pt", true),
        ("ana silva@exemplo.pt", false),
        ("ana@exemplo", false),
        ("ana@@exemplo.pt", false),
        ("ana@b@exemplo.pt", false),
        ("@exemplo.pt", false),
        ("ana@", false),
        ("ana", false),
        ("ana@.exemplo.pt", false),
        ("ana@exemplo..pt", false),
        ("ana@-exemplo.pt", false),
        ("ana@exemplo.p", false),
        ("ana@exemplo.123", false),
        (".ana@exemplo.pt", false),
        ("ana..b@exemplo.pt", false),
        ("ana<b>@exemplo.pt", false),
        ("ana@exem_plo.pt", false),
        ("", false),
    ];
    for (email, ok) in cases {
        assert_eq!(
            check_email(email).is_ok(),
            *ok,
            "{email}: {:?}",
            check_email(email)
        );
    }
    let long = format!("{}@exemplo.pt", "a".repeat(65));
    assert!(check_email(&long).is_err());
}

#[test]
fn phone() {
    let cases: &[(&str, bool)] = &[
        ("+351.912345678", true),
        ("+351.213456789", true),
        ("+1.2025550123", true),
        ("+44.2079460000", true),
        ("351.912345678", false),
        ("+351912345678", false),
        ("+351 912345678", false),
        ("+351.912 345 678", false),
        ("+0351.912345678", false),
        ("+035.912345678", false),
        ("+351.", false),
        ("+.912345678", false),
        ("+351.123", false),
        ("+351.1234567890123", false), // 16 digits
        ("+351.123456789012", true),   // 15 digits
        ("+351.9123a5678", false),
        ("", false),
    ];
    for (phone, ok) in cases {
        assert_eq!(
            check_phone(phone).is_ok(),
            *ok,
            "{phone}: {:?}",
            check_phone(phone)
        );
    }
}

#[test]
fn countries() {
    assert!(
        COUNTRIES.windows(2).all(|w| w[0] < w[1]),
        "sorted, no repeats"
    );
    assert_eq!(COUNTRIES.len(), 249);
    for ok in [
        "PT", "ES", "BR", "AO", "CV", "MZ", "GB", "US", "TL", "SS", "AX",
    ] {
        assert!(check_country(ok).is_ok(), "{ok}");
    }
    for bad in ["UK", "EU", "XX", "P", "PRT", "", "ZZ"] {
        assert!(check_country(bad).is_err(), "{bad}");
    }
    assert!(check_country("pt").unwrap_err().contains("PT"));
}

#[test]
fn ids() {
    for ok in ["ana", "C-001", "ceger", "reg_01.pt", &"a".repeat(64)] {
        assert!(check_id(ok).is_ok(), "{ok}");
    }
    for bad in ["", "a b", "a/b", "ação", &"a".repeat(65), "a,b"] {
        assert!(check_id(bad).is_err(), "{bad}");
    }
}

fn contact() -> Contact {
    let t = parse_time("2026-03-01").unwrap();
    Contact {
        id: "ana".into(),
        kind: ContactKind::Person,
        name: "Ana Silva".into(),
        email: "ana@exemplo.pt".into(),
        phone: "+351.912345678".into(),
        address: "Rua Augusta 1, 1100-048 Lisboa".into(),
        country: "PT".into(),
        vat: Some("123456789".into()),
        iban: None,
        whois_consent: false,
        created: t,
        updated: t,
    }
}

#[test]
fn a_sound_contact_has_no_problems() {
    assert!(problems(&contact()).is_empty());
}

#[test]
fn problems_name_every_failing_field() {
    let mut c = contact();
    c.email = "ana@exemplo".into();
    c.phone = "912345678".into();
    c.vat = Some("123456780".into());
    c.address = " ".into();
    let p = problems(&c);
    assert_eq!(p.len(), 4, "{p:?}");
    assert!(p[0].starts_with("email \"ana@exemplo\""), "{p:?}");
    assert!(p[1].starts_with("phone"), "{p:?}");
    assert!(p[2].starts_with("address"), "{p:?}");
    assert!(p[3].starts_with("vat"), "{p:?}");
}

#[test]
fn normalizing() {
    let mut c = contact();
    c.country = " pt ".into();
    c.vat = Some("pt 123.456.789".into());
    c.name = "  Ana Silva ".into();
    normalize(&mut c);
    assert_eq!(c.country, "PT");
    assert_eq!(c.vat.as_deref(), Some("PT123456789"));
    assert_eq!(c.name, "Ana Silva");
    c.vat = Some("  ".into());
    normalize(&mut c);
    assert_eq!(c.vat, None);
}

proptest::proptest! {
    #[test]
    fn hostile_contact_data_never_panics(text in "\\PC{0,80}") {
        let _ = check_nif(&text);
        let _ = check_vat(&text);
        let _ = check_email(&text);
        let _ = check_phone(&text);
        let _ = check_country(&text);
        let _ = check_id(&text);
    }
}

#[test]
fn ibans_are_checked_by_their_iso_13616_check_digits() {
    for good in [
        "PT50000201231234567890154",
        "PT50 0002 0123 1234 5678 9015 4",
        "pt50000201231234567890154",
        "DE44 5001 0517 5407 3249 31",
    ] {
        assert!(check_iban(good).is_ok(), "{good}");
    }
    for bad in [
        "PT51000201231234567890154", // check digits wrong
        "PT5000020123123456789015",  // too short for Portugal
        "XX50000201231234567890154", // no such country
        "",
        "IBAN",
    ] {
        assert!(check_iban(bad).is_err(), "{bad}");
    }
    assert_eq!(
        normalize_iban("pt50 0002 0123 1234 5678 9015 4"),
        "PT50000201231234567890154"
    );
    let mut c = Contact {
        iban: Some("pt51 0002 0123 1234 5678 9015 4".into()),
        ..contact()
    };
    normalize(&mut c);
    let problems = field_problems(&c);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "iban");
}
