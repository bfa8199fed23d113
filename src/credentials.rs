//! A registrar's EPP credentials: the password kept only as an Argon2id
//! hash, the pinned SHA-256 fingerprints of its client certificates, and the
//! networks it may connect from. Parsing and checking only; the store keeps
//! them (`store::epp`) and the EPP face asks [`check`] at login.

use std::net::IpAddr;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use ipnet::IpNet;
use sha2::{Digest, Sha256};

use crate::store::epp::Credential;

/// RFC 5730 `pwType`: 6 to 16 characters.
pub(crate) const PASSWORD_LEN: std::ops::RangeInclusive<usize> = 6..=16;

/// Whether a password has the length EPP allows.
pub(crate) fn check_password(pw: &str) -> Result<(), String> {
    let n = pw.chars().count();
    if !PASSWORD_LEN.contains(&n) {
        return Err(format!(
            "an EPP password has {} to {} characters (RFC 5730); this one has {n}",
            PASSWORD_LEN.start(),
            PASSWORD_LEN.end()
        ));
    }
    if pw.chars().any(char::is_control) {
        return Err("an EPP password has no control characters".into());
    }
    Ok(())
}

/// The Argon2id PHC string of a password, with a fresh random salt.
pub(crate) fn hash_password(pw: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(pw.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `pw` matches the stored PHC string.
pub(crate) fn verify_password(pw: &str, phc: &str) -> bool {
    Argon2::default()
        .verify_password(pw.as_bytes(), phc)
        .is_ok()
}

/// A certificate fingerprint as typed (`AB:CD:...` as `openssl x509
/// -fingerprint -sha256` prints it, or plain hex) in its stored form:
/// 64 lowercase hex digits.
pub(crate) fn parse_fingerprint(text: &str) -> Result<String, String> {
    let hex: String = text
        .trim()
        .chars()
        .filter(|c| *c != ':')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "{text:?} is not a SHA-256 fingerprint (64 hex digits, colons allowed)"
        ));
    }
    Ok(hex)
}

/// The fingerprint of a DER certificate, as stored.
pub(crate) fn fingerprint(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}

/// A network as typed (`192.0.2.0/24`, `2001:db8::/32`, or one address) in
/// its stored form.
pub(crate) fn parse_network(text: &str) -> Result<String, String> {
    let t = text.trim();
    if let Ok(net) = t.parse::<IpNet>() {
        return Ok(net.trunc().to_string());
    }
    if let Ok(ip) = t.parse::<IpAddr>() {
        return Ok(IpNet::from(ip).to_string());
    }
    Err(format!(
        "{text:?} is not a network (CIDR such as 192.0.2.0/24) or an address"
    ))
}

/// Why a login is refused (each is answered 2200; the journal records which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginRefusal {
    /// No such registrar, or it has no EPP credentials.
    NoCredentials,
    /// The registrar was withdrawn (Art. 15.2).
    Withdrawn,
    /// Connected from outside the allow-list.
    Address,
    /// Certificates are pinned and the one presented (if any) is not.
    Certificate,
    Password,
}

impl LoginRefusal {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LoginRefusal::NoCredentials => "no credentials",
            LoginRefusal::Withdrawn => "registrar withdrawn",
            LoginRefusal::Address => "address not allowed",
            LoginRefusal::Certificate => "certificate not pinned",
            LoginRefusal::Password => "wrong password",
        }
    }
}

/// Checks a login against the stored credentials: the source address, the
/// pinned certificates (when any is pinned, one must match), then the
/// password. `cert` is the fingerprint of the client certificate presented;
/// `address` is `None` when there is no network (`epp exec`).
pub(crate) fn check(
    cred: &Credential,
    password: &str,
    cert: Option<&str>,
    address: Option<IpAddr>,
) -> Result<(), LoginRefusal> {
    if let Some(ip) = address
        && !cred.allow_from.is_empty()
    {
        let ip = ip.to_canonical();
        let allowed = cred
            .allow_from
            .iter()
            .filter_map(|n| n.parse::<IpNet>().ok())
            .any(|n| n.contains(&ip));
        if !allowed {
            return Err(LoginRefusal::Address);
        }
    }
    if address.is_some()
        && !cred.cert_sha256.is_empty()
        && !cert.is_some_and(|c| cred.cert_sha256.iter().any(|p| p == c))
    {
        return Err(LoginRefusal::Certificate);
    }
    if !verify_password(password, &cred.password_hash) {
        return Err(LoginRefusal::Password);
    }
    Ok(())
}

/// The delay before answering the `failures`-th consecutive failed login
/// from one address: 1 s, doubling per failure, at most a minute.
pub(crate) fn failure_delay(failures: u32) -> std::time::Duration {
    let secs = 1u64 << failures.saturating_sub(1).min(6);
    std::time::Duration::from_secs(secs.min(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cred(certs: &[&str], nets: &[&str]) -> Credential {
        Credential {
            registrar: "r1".into(),
            password_hash: hash_password("s3cret!!").unwrap(),
            cert_sha256: certs.iter().map(|s| s.to_string()).collect(),
            allow_from: nets.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("s3cret!!").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("s3cret!!", &h));
        assert!(!verify_password("s3cret!", &h));
        assert_ne!(h, hash_password("s3cret!!").unwrap(), "salted");
        assert!(!verify_password("x", "not a phc string"));
    }

    #[test]
    fn password_lengths_follow_rfc_5730() {
        assert!(check_password("12345").is_err());
        assert!(check_password("123456").is_ok());
        assert!(check_password("1234567890123456").is_ok());
        assert!(check_password("12345678901234567").is_err());
        assert!(check_password("abc\ndef").is_err());
        assert!(check_password("çãõáéíóú").is_ok());
    }

    #[test]
    fn fingerprints_and_networks_parse() {
        let hex = "ab".repeat(32);
        let colons = vec!["AB"; 32].join(":");
        assert_eq!(parse_fingerprint(&colons).unwrap(), hex);
        assert_eq!(parse_fingerprint(&hex).unwrap(), hex);
        assert!(parse_fingerprint("abcd").is_err());
        assert!(parse_fingerprint(&"zz".repeat(32)).is_err());
        assert_eq!(parse_network("192.0.2.7/24").unwrap(), "192.0.2.0/24");
        assert_eq!(parse_network("192.0.2.7").unwrap(), "192.0.2.7/32");
        assert_eq!(parse_network("2001:db8::1").unwrap(), "2001:db8::1/128");
        assert!(parse_network("example.pt").is_err());
        assert_eq!(fingerprint(b"").len(), 64);
    }

    #[test]
    fn login_checks_address_then_certificate_then_password() {
        let pin = "cd".repeat(32);
        let c = cred(&[&pin], &["127.0.0.0/8"]);
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        let far: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(check(&c, "s3cret!!", Some(&pin), Some(lo)), Ok(()));
        assert_eq!(check(&c, "s3cret!!", Some(&pin), Some(mapped)), Ok(()));
        assert_eq!(
            check(&c, "s3cret!!", Some(&pin), Some(far)),
            Err(LoginRefusal::Address)
        );
        assert_eq!(
            check(&c, "s3cret!!", None, Some(lo)),
            Err(LoginRefusal::Certificate)
        );
        assert_eq!(
            check(&c, "s3cret!!", Some(&"ef".repeat(32)), Some(lo)),
            Err(LoginRefusal::Certificate)
        );
        assert_eq!(
            check(&c, "wrong!!!", Some(&pin), Some(lo)),
            Err(LoginRefusal::Password)
        );
        // Offline (`epp exec`): no address, no certificate; the password still counts.
        assert_eq!(check(&c, "s3cret!!", None, None), Ok(()));
        assert_eq!(
            check(&c, "wrong!!!", None, None),
            Err(LoginRefusal::Password)
        );
        let open = cred(&[], &[]);
        assert_eq!(check(&open, "s3cret!!", None, Some(far)), Ok(()));
    }

    #[test]
    fn failure_delays_double_up_to_a_minute() {
        let secs: Vec<u64> = (1..=9).map(|n| failure_delay(n).as_secs()).collect();
        assert_eq!(secs, vec![1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(failure_delay(0).as_secs(), 1);
    }
}
