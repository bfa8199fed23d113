//! Checkpoints of the journal's tree as C2SP signed notes, with Ed25519.
//!
//! A checkpoint (C2SP tlog-checkpoint) is the text
//! `ORIGIN\nSIZE\nBASE64(ROOT)\n`; signed (C2SP signed-note), it is followed
//! by a blank line and one line per signature, `— NAME BASE64(KEYID ‖ SIG)`,
//! where the signature is Ed25519 over the text and KEYID is the first four
//! bytes of SHA-256(NAME ‖ 0x0A ‖ 0x01 ‖ public key). Keys are written the
//! way Go's `golang.org/x/mod/sumdb/note` writes them, so other tools read
//! them: `PRIVATE+KEY+NAME+KEYID+BASE64(0x01 ‖ seed)` for the signer and
//! `NAME+KEYID+BASE64(0x01 ‖ public key)` for the verifier.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::merkle::Hash;

/// The algorithm byte of Ed25519 in signed notes.
const ED25519: u8 = 0x01;

/// The em dash that starts a signature line.
const DASH: &str = "\u{2014}";

/// What can be wrong with a key, a note or a checkpoint.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum NoteError {
    #[error("not a key: {0}")]
    Key(String),
    #[error("not a signed checkpoint: {0}")]
    Format(String),
    #[error("no signature by {0} on this checkpoint verifies")]
    Unsigned(String),
}

/// A key's name and id, shared by its two halves.
fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ED25519]);
    h.update(public);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// Whether `name` can name a key: not empty, no spaces or `+`.
fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// The signer: a name and an Ed25519 key.
pub(crate) struct NoteSigner {
    pub(crate) name: String,
    key: SigningKey,
}

/// The verifier: a name and an Ed25519 public key.
#[derive(Debug, Clone)]
pub(crate) struct NoteVerifier {
    pub(crate) name: String,
    key: VerifyingKey,
}

impl NoteSigner {
    /// A new key from 32 random bytes.
    pub(crate) fn new(name: &str, seed: [u8; 32]) -> Result<NoteSigner, NoteError> {
        if !valid_name(name) {
            return Err(NoteError::Key(format!(
                "{name:?} cannot name a key (no spaces or '+')"
            )));
        }
        Ok(NoteSigner {
            name: name.to_string(),
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// The signer key text.
    pub(crate) fn encode(&self) -> String {
        let public = self.key.verifying_key().to_bytes();
        let mut raw = vec![ED25519];
        raw.extend_from_slice(&self.key.to_bytes());
        format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            hex::encode(key_id(&self.name, &public)),
            STANDARD.encode(raw)
        )
    }

    /// Reads a signer key text.
    pub(crate) fn decode(text: &str) -> Result<NoteSigner, NoteError> {
        let text = text.trim();
        let rest = text
            .strip_prefix("PRIVATE+KEY+")
            .ok_or_else(|| NoteError::Key("a private key starts with PRIVATE+KEY+".into()))?;
        let (name, id, raw) = split_key(rest)?;
        let seed: [u8; 32] = raw
            .try_into()
            .map_err(|_| NoteError::Key("an Ed25519 private key is 32 bytes".into()))?;
        let signer = NoteSigner::new(name, seed)?;
        let public = signer.key.verifying_key().to_bytes();
        if key_id(name, &public) != id {
            return Err(NoteError::Key("its key id does not match the key".into()));
        }
        Ok(signer)
    }

    /// The matching verifier.
    pub(crate) fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            key: self.key.verifying_key(),
        }
    }

    /// Signs a note text (which must end in a newline): the text, a blank
    /// line and the signature line.
    pub(crate) fn sign(&self, text: &str) -> String {
        let sig = self.key.sign(text.as_bytes());
        let public = self.key.verifying_key().to_bytes();
        let mut raw = key_id(&self.name, &public).to_vec();
        raw.extend_from_slice(&sig.to_bytes());
        format!("{text}\n{DASH} {} {}\n", self.name, STANDARD.encode(raw))
    }
}

impl NoteVerifier {
    /// The verifier key text.
    pub(crate) fn encode(&self) -> String {
        let public = self.key.to_bytes();
        let mut raw = vec![ED25519];
        raw.extend_from_slice(&public);
        format!(
            "{}+{}+{}",
            self.name,
            hex::encode(key_id(&self.name, &public)),
            STANDARD.encode(raw)
        )
    }

    /// Reads a verifier key text.
    pub(crate) fn decode(text: &str) -> Result<NoteVerifier, NoteError> {
        let (name, id, raw) = split_key(text.trim())?;
        let public: [u8; 32] = raw
            .try_into()
            .map_err(|_| NoteError::Key("an Ed25519 public key is 32 bytes".into()))?;
        if !valid_name(name) {
            return Err(NoteError::Key(format!("{name:?} cannot name a key")));
        }
        if key_id(name, &public) != id {
            return Err(NoteError::Key("its key id does not match the key".into()));
        }
        let key = VerifyingKey::from_bytes(&public)
            .map_err(|_| NoteError::Key("not an Ed25519 public key".into()))?;
        Ok(NoteVerifier {
            name: name.to_string(),
            key,
        })
    }

    /// The text of a signed note whose signature by this key verifies.
    /// Signatures by other keys are ignored (C2SP signed-note).
    pub(crate) fn open<'n>(&self, note: &'n str) -> Result<&'n str, NoteError> {
        let split = note
            .rfind("\n\n")
            .ok_or_else(|| NoteError::Format("no blank line before the signatures".into()))?;
        let (text, sigs) = (&note[..split + 1], &note[split + 2..]);
        let public = self.key.to_bytes();
        let id = key_id(&self.name, &public);
        for line in sigs.lines() {
            let Some(rest) = line.strip_prefix(DASH).and_then(|r| r.strip_prefix(' ')) else {
                return Err(NoteError::Format(format!("not a signature line: {line:?}")));
            };
            let Some((name, b64)) = rest.split_once(' ') else {
                return Err(NoteError::Format(format!("not a signature line: {line:?}")));
            };
            if name != self.name {
                continue;
            }
            let Ok(raw) = STANDARD.decode(b64) else {
                continue;
            };
            if raw.len() != 68 || raw[..4] != id {
                continue;
            }
            let Ok(sig) = Signature::from_slice(&raw[4..]) else {
                continue;
            };
            if self.key.verify_strict(text.as_bytes(), &sig).is_ok() {
                return Ok(text);
            }
        }
        Err(NoteError::Unsigned(self.name.clone()))
    }
}

fn split_key(text: &str) -> Result<(&str, [u8; 4], Vec<u8>), NoteError> {
    // Base64 has '+' in it: only the first two are separators.
    let mut parts = text.splitn(3, '+');
    let (Some(name), Some(id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(NoteError::Key("expected NAME+KEYID+KEY".into()));
    };
    let mut key_id = [0u8; 4];
    hex::decode_to_slice(id, &mut key_id)
        .map_err(|_| NoteError::Key("its key id is not 8 hex digits".into()))?;
    let raw = STANDARD
        .decode(b64)
        .map_err(|_| NoteError::Key("its key is not base64".into()))?;
    match raw.split_first() {
        Some((&ED25519, key)) => Ok((name, key_id, key.to_vec())),
        _ => Err(NoteError::Key("not an Ed25519 key".into())),
    }
}

/// A tree head as a checkpoint says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    pub(crate) origin: String,
    pub(crate) size: u64,
    pub(crate) root: Hash,
}

impl Checkpoint {
    /// The checkpoint text (to be signed).
    pub(crate) fn text(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root)
        )
    }

    /// Reads a checkpoint text (the note's text, already verified).
    pub(crate) fn parse(text: &str) -> Result<Checkpoint, NoteError> {
        let mut lines = text.split('\n');
        let bad = |what: &str| NoteError::Format(what.to_string());
        let origin = lines
            .next()
            .filter(|o| !o.is_empty())
            .ok_or_else(|| bad("no origin line"))?;
        let size = lines
            .next()
            .and_then(|s| {
                // Decimal, no sign, no leading zero.
                (s.bytes().all(|b| b.is_ascii_digit()) && !(s.len() > 1 && s.starts_with('0')))
                    .then(|| s.parse::<u64>().ok())
                    .flatten()
            })
            .ok_or_else(|| bad("the second line is not a tree size"))?;
        let root: Hash = lines
            .next()
            .and_then(|r| STANDARD.decode(r).ok())
            .and_then(|r| r.try_into().ok())
            .ok_or_else(|| bad("the third line is not a base64 SHA-256 root hash"))?;
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
        })
    }
}

/// The first line of a C2SP tlog-proof.
const PROOF_HEADER: &str = "c2sp.org/tlog-proof@v1";

/// An offline-verifiable inclusion proof (C2SP tlog-proof): optional extra
/// data (here: the entry's 32-byte hash), the leaf index, the audit path
/// and the signed checkpoint it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Proof {
    pub(crate) extra: Option<Vec<u8>>,
    pub(crate) index: u64,
    pub(crate) hashes: Vec<Hash>,
    /// The signed note of the checkpoint.
    pub(crate) checkpoint: String,
}

impl Proof {
    /// The proof text (a `.tlog-proof` file).
    pub(crate) fn encode(&self) -> String {
        let mut out = format!("{PROOF_HEADER}\n");
        if let Some(extra) = &self.extra {
            out.push_str(&format!("extra {}\n", STANDARD.encode(extra)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for h in &self.hashes {
            out.push_str(&STANDARD.encode(h));
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    /// Reads a proof text.
    pub(crate) fn parse(text: &str) -> Result<Proof, NoteError> {
        let bad = |what: &str| NoteError::Format(format!("not a tlog-proof: {what}"));
        let (head, checkpoint) = text
            .split_once("\n\n")
            .ok_or_else(|| bad("no blank line before the checkpoint"))?;
        let mut lines = head.split('\n');
        if lines.next() != Some(PROOF_HEADER) {
            return Err(bad(&format!("the first line is not {PROOF_HEADER}")));
        }
        let mut line = lines.next();
        let mut extra = None;
        if let Some(e) = line.and_then(|l| l.strip_prefix("extra ")) {
            extra = Some(STANDARD.decode(e).map_err(|_| bad("extra is not base64"))?);
            line = lines.next();
        }
        let index = line
            .and_then(|l| l.strip_prefix("index "))
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or_else(|| bad("no index line"))?;
        let hashes = lines
            .map(|l| {
                STANDARD
                    .decode(l)
                    .ok()
                    .and_then(|h| <Hash>::try_from(h).ok())
                    .ok_or_else(|| bad(&format!("{l:?} is not a base64 SHA-256 hash")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Proof {
            extra,
            index,
            hashes,
            checkpoint: checkpoint.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> NoteSigner {
        NoteSigner::new("example.pt/journal", [7u8; 32]).unwrap()
    }

    #[test]
    fn keys_round_trip_and_their_ids_are_checked() {
        // Keys whose base64 has a '+' in it read back too.
        for seed in 0u8..64 {
            let s = NoteSigner::new("k", [seed; 32]).unwrap();
            assert_eq!(
                NoteSigner::decode(&s.encode()).unwrap().encode(),
                s.encode()
            );
            let v = s.verifier().encode();
            assert_eq!(NoteVerifier::decode(&v).unwrap().encode(), v);
        }
        let s = signer();
        let text = s.encode();
        assert!(text.starts_with("PRIVATE+KEY+example.pt/journal+"));
        let again = NoteSigner::decode(&text).unwrap();
        assert_eq!(again.encode(), text);
        let v = s.verifier();
        let vt = v.encode();
        assert_eq!(NoteVerifier::decode(&vt).unwrap().encode(), vt);
        // A key under another name (same bytes) has another id.
        let renamed = vt.replacen("example.pt/journal", "other", 1);
        assert!(NoteVerifier::decode(&renamed).is_err());
        assert!(NoteVerifier::decode("garbage").is_err());
        assert!(NoteSigner::decode(&vt).is_err());
        assert!(NoteSigner::new("has space", [0; 32]).is_err());
    }

    #[test]
    fn a_signed_checkpoint_opens_with_its_key_only() {
        let s = signer();
        let cp = Checkpoint {
            origin: "example.pt/journal".into(),
            size: 42,
            root: [9u8; 32],
        };
        let note = s.sign(&cp.text());
        assert!(note.contains("\n\n\u{2014} example.pt/journal "));
        let text = s.verifier().open(&note).unwrap();
        assert_eq!(Checkpoint::parse(text).unwrap(), cp);
        // Another key of the same name does not open it.
        let other = NoteSigner::new("example.pt/journal", [8u8; 32]).unwrap();
        assert!(matches!(
            other.verifier().open(&note),
            Err(NoteError::Unsigned(_))
        ));
        // A changed size breaks the signature.
        let forged = note.replacen("\n42\n", "\n43\n", 1);
        assert!(s.verifier().open(&forged).is_err());
        // An unknown extra signature is ignored.
        let cosigned = format!("{note}\u{2014} witness AAAA\n");
        assert!(s.verifier().open(&cosigned).is_ok());
    }

    #[test]
    fn proofs_round_trip() {
        let s = signer();
        let cp = Checkpoint {
            origin: "example.pt/journal".into(),
            size: 3,
            root: [2u8; 32],
        };
        let p = Proof {
            extra: Some(vec![5u8; 32]),
            index: 2,
            hashes: vec![[3u8; 32], [4u8; 32]],
            checkpoint: s.sign(&cp.text()),
        };
        let text = p.encode();
        assert!(text.starts_with("c2sp.org/tlog-proof@v1\nextra "));
        assert_eq!(Proof::parse(&text).unwrap(), p);
        let no_extra = Proof { extra: None, ..p };
        assert_eq!(Proof::parse(&no_extra.encode()).unwrap(), no_extra);
        assert!(Proof::parse("c2sp.org/tlog-proof@v1\nindex x\n\ncp").is_err());
        assert!(Proof::parse("hello\n\n").is_err());
    }

    #[test]
    fn checkpoint_texts_are_strict() {
        let root = STANDARD.encode([1u8; 32]);
        assert!(Checkpoint::parse(&format!("o\n5\n{root}\n")).is_ok());
        for bad in [
            format!("\n5\n{root}\n"),
            format!("o\n05\n{root}\n"),
            format!("o\n+5\n{root}\n"),
            format!("o\nfive\n{root}\n"),
            "o\n5\nAAAA\n".to_string(),
        ] {
            assert!(Checkpoint::parse(&bad).is_err(), "{bad:?}");
        }
    }
}
