//! The checks on a contact's data: the Portuguese tax number (NIF,
//! mod-11 check digit), e-mail syntax, phones as `+CCC.NUMBER`, ISO 3166-1
//! country codes, and the ids contacts and registrars are known by.
//!
//! Input that fails these checks is malformed (exit 2) when it is typed; the
//! audit uses [`problems`] to flag stored records that fail them (data
//! imported before the checks, or written by another tool).

use crate::model::Contact;

pub(crate) mod erasure;

/// One field that fails its check: which, the value, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldProblem {
    /// The field, named like its flag / CSV column: `email`, `vat`, ...
    pub(crate) field: &'static str,
    pub(crate) value: String,
    pub(crate) reason: String,
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:?}: {}", self.field, self.value, self.reason)
    }
}

/// Every check a contact fails, as `field "value": reason` lines (empty when
/// the contact is sound).
pub(crate) fn problems(c: &Contact) -> Vec<String> {
    field_problems(c).iter().map(ToString::to_string).collect()
}

/// Every check a contact fails, field by field, in the order of the flags.
pub(crate) fn field_problems(c: &Contact) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    let mut check = |field: &'static str, value: &str, result: Result<(), String>| {
        if let Err(reason) = result {
            out.push(FieldProblem {
                field,
                value: value.to_string(),
                reason,
            });
        }
    };
    check("id", &c.id, check_id(&c.id));
    check("name", &c.name, check_text(&c.name));
    check("email", &c.email, check_email(&c.email));
    check("phone", &c.phone, check_phone(&c.phone));
    check("address", &c.address, check_text(&c.address));
    check("country", &c.country, check_country(&c.country));
    if let Some(vat) = &c.vat {
        check("vat", vat, check_vat(vat));
    }
    if let Some(iban) = &c.iban {
        check("iban", iban, check_iban(iban));
    }
    out
}

/// The text of a field by its name, as [`FieldProblem::field`] names it.
pub(crate) fn field_value(c: &Contact, field: &str) -> String {
    match field {
        "id" => c.id.clone(),
        "name" => c.name.clone(),
        "email" => c.email.clone(),
        "phone" => c.phone.clone(),
        "address" => c.address.clone(),
        "country" => c.country.clone(),
        "vat" => c.vat.clone().unwrap_or_default(),
        "iban" => c.iban.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// Trims every field, upper-cases the country and the tax number and drops
/// the spaces inside the tax number, so that equal data is stored equally.
pub(crate) fn normalize(c: &mut Contact) {
    c.id = c.id.trim().to_string();
    c.name = c.name.trim().to_string();
    c.email = c.email.trim().to_string();
    c.phone = c.phone.trim().to_string();
    c.address = c.address.trim().to_string();
    c.country = c.country.trim().to_ascii_uppercase();
    c.vat = c
        .vat
        .as_deref()
        .map(normalize_vat)
        .filter(|v| !v.is_empty());
    c.iban = c
        .iban
        .as_deref()
        .map(normalize_iban)
        .filter(|v| !v.is_empty());
}

/// An IBAN in its electronic form: no spaces, upper case (the printed form
/// groups it by four).
pub(crate) fn normalize_iban(iban: &str) -> String {
    iban.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// An IBAN (ISO 13616): its country's length and format and its check
/// digits (mod 97), by the `iban_validate` crate.
pub(crate) fn check_iban(iban: &str) -> Result<(), String> {
    normalize_iban(iban)
        .parse::<iban::Iban>()
        .map(|_| ())
        .map_err(|e| format!("not a valid IBAN ({e})"))
}

/// A tax number without spaces, dots or dashes, upper case.
pub(crate) fn normalize_vat(vat: &str) -> String {
    vat.chars()
        .filter(|ch| !matches!(ch, ' ' | '.' | '-'))
        .collect::<String>()
        .to_ascii_uppercase()
}

/// An id of a contact or registrar: 1 to 64 of `A-Z a-z 0-9 . _ -`, so it
/// can be typed in a shell and a CSV cell without quoting.
pub(crate) fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("an id cannot be empty".into());
    }
    if id.len() > 64 {
        return Err("an id has at most 64 characters".into());
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err("an id uses only letters A-Z, digits and . _ -".into());
    }
    Ok(())
}

/// A free text field (name, address): not empty, no control characters.
pub(crate) fn check_text(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("cannot be empty".into());
    }
    if text.chars().any(char::is_control) {
        return Err("has a control character".into());
    }
    if text.chars().count() > 255 {
        return Err("has more than 255 characters".into());
    }
    Ok(())
}

/// First digits a NIF may start with: 1-3 persons, 45 non-resident persons,
/// 5 companies, 6 public bodies, 70/74/75 estates, 71 non-resident companies,
/// 72 investment funds, 77 officially assigned, 79 exceptional, 8 sole
/// traders (old), 90/91 condominiums, 98 non-residents, 99 civil partnerships.
const NIF_PREFIXES: &[&str] = &[
    "1", "2", "3", "5", "6", "8", "45", "70", "71", "72", "74", "75", "77", "79", "90", "91", "98",
    "99",
];

/// A Portuguese tax number: 9 digits, a valid first digit (or pair), and
/// the mod-11 check digit.
pub(crate) fn check_nif(nif: &str) -> Result<(), String> {
    let digits: Vec<u32> = nif.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 9 || nif.chars().count() != 9 {
        return Err("a NIF has exactly 9 digits".into());
    }
    if !NIF_PREFIXES.iter().any(|p| nif.starts_with(p)) {
        return Err("no NIF begins with these digits".into());
    }
    let sum: u32 = digits[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    };
    if digits[8] != check {
        return Err("the NIF check digit is wrong".into());
    }
    Ok(())
}

/// A tax number: a Portuguese NIF (bare or with the `PT` prefix) is checked
/// digit by digit; another country's VAT number (two letters then 2 to 13
/// letters or digits, as in VIES) only for its shape.
pub(crate) fn check_vat(vat: &str) -> Result<(), String> {
    let vat = normalize_vat(vat);
    if let Some(nif) = vat.strip_prefix("PT") {
        return check_nif(nif);
    }
    if vat.bytes().all(|b| b.is_ascii_digit()) {
        return check_nif(&vat);
    }
    if !vat.is_ascii() {
        return Err("a tax number has only letters A-Z and digits".into());
    }
    let (prefix, rest) = vat.split_at(vat.len().min(2));
    if prefix.len() == 2
        && prefix.bytes().all(|b| b.is_ascii_uppercase())
        && (2..=13).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Ok(());
    }
    Err("expected a Portuguese NIF (9 digits) or a VAT number with its country prefix".into())
}

/// An e-mail address, checked for what a mailer needs rather than RFC 5322
/// in full: one `@`, a local part without spaces, a domain with a dot whose
/// labels are letters, digits and inner hyphens.
pub(crate) fn check_email(email: &str) -> Result<(), String> {
    if email.len() > 254 {
        return Err("an e-mail address has at most 254 characters".into());
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("an e-mail address has no spaces".into());
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err("an e-mail address needs an @".into());
    };
    if domain.contains('@') {
        return Err("an e-mail address has one @".into());
    }
    if local.is_empty() || local.len() > 64 {
        return Err("the part before the @ has 1 to 64 characters".into());
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("the part before the @ has no leading, trailing or double dot".into());
    }
    if local.chars().any(|c| {
        matches!(
            c,
            '(' | ')' | ',' | ':' | ';' | '<' | '>' | '[' | ']' | '\\' | '"'
        )
    }) {
        return Err("the part before the @ has a character mailers reject".into());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err("the domain after the @ needs a dot".into());
    }
    for label in &labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-');
        if !ok {
            return Err(format!("the domain after the @ has a bad label {label:?}"));
        }
    }
    let tld = labels[labels.len() - 1];
    if tld.chars().count() < 2 || tld.chars().all(|c| c.is_ascii_digit()) {
        return Err("the domain after the @ needs a top-level domain".into());
    }
    Ok(())
}

/// A phone number as `+CCC.NUMBER` (the EPP form): `+`, a country calling
/// code of 1 to 3 digits not starting with 0, a dot, then the number; 15
/// digits at most in all (E.164).
pub(crate) fn check_phone(phone: &str) -> Result<(), String> {
    const FORM: &str = "expected +CCC.NUMBER, e.g. +351.912345678";
    let Some(rest) = phone.strip_prefix('+') else {
        return Err(format!("a phone begins with + ({FORM})"));
    };
    let Some((cc, number)) = rest.split_once('.') else {
        return Err(format!("a dot separates the country code ({FORM})"));
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(cc) || cc.len() > 3 || cc.starts_with('0') {
        return Err(format!("the country code has 1 to 3 digits ({FORM})"));
    }
    if !digits(number) {
        return Err(format!("the number has only digits ({FORM})"));
    }
    if number.len() < 4 || cc.len() + number.len() > 15 {
        return Err(format!("a phone has 5 to 15 digits in all ({FORM})"));
    }
    Ok(())
}

/// Every officially assigned ISO 3166-1 alpha-2 code.
const COUNTRIES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// A country as its ISO 3166-1 alpha-2 code (upper case: `PT`, `ES`).
pub(crate) fn check_country(code: &str) -> Result<(), String> {
    if COUNTRIES.binary_search(&code).is_ok() {
        return Ok(());
    }
    if COUNTRIES
        .binary_search(&code.to_ascii_uppercase().as_str())
        .is_ok()
    {
        return Err(format!(
            "write the code in capitals: {}",
            code.to_ascii_uppercase()
        ));
    }
    Err("expected an ISO 3166-1 two-letter country code, e.g. PT".into())
}

#[cfg(test)]
mod tests;
