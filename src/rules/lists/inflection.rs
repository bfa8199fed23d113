//! The simple inflected forms of a listed word (Art. 6.1.b: an obscene word
//! is refused in its plural and its simple inflections too, not only as
//! listed).
//!
//! Forms are generated from the word's folded key (so "cabrão" is `cabrao`),
//! by the regular rules of Portuguese and English, and only forwards: a name
//! matches a listed word when it is one of that word's forms, never because
//! a suffix was stripped from it (stripping would turn "puto", a word for a
//! kid, into the listed "puta"). The forms:
//!
//! - plural: Portuguese (`-s`, `-ão` → `-ões`/`-ães`/`-ãos`, `-r`/`-z`/`-s` →
//!   `-es`, `-l` → `-is`, `-m` → `-ns`) and English (`-s`, `-es`, `-y` → `-ies`);
//! - feminine of a masculine (`-o` → `-a`, `-ão` → `-ona`, `-or` → `-ora`),
//!   with its plural: the masculine is the form a dictionary lists, so a
//!   listed feminine gets no masculine;
//! - a Portuguese verb (an infinitive in `-ar`, `-er`, `-ir`): the present,
//!   the preterite and the imperfect, the participle (in gender and number)
//!   and the gerund;
//! - an English word ending in a consonant: `-ed` and `-ing` (with the final
//!   consonant doubled as well, as in "shitting").
//!
//! A listed expression of several words (a space or a hyphen in the name as
//! listed) matches only as listed.

/// How much longer than its word a form can be: the gerund of an English
/// word with a doubled consonant (`shit` → `shitting`) adds four letters.
const MAX_GROWTH: usize = 4;
/// How many final letters of the word a form may change (`-ão`, `-er`).
const MAX_CHANGED: usize = 2;

/// The shortest key a form is generated for: below three letters every
/// ending is another word.
const MIN_KEY: usize = 3;

/// Whether a listed name takes inflected forms: a single word.
pub(crate) fn inflects(listed_name: &str) -> bool {
    !listed_name
        .trim()
        .chars()
        .any(|c| c.is_whitespace() || c == '-' || c == '\u{2010}')
}

/// The prefix every word that has `name_key` among its forms begins with:
/// the lookup reads only the listed words in that range.
pub(crate) fn lemma_prefix(name_key: &str) -> &str {
    let len = name_key.chars().count();
    let keep = len.saturating_sub(MAX_GROWTH + MAX_CHANGED).max(1);
    match name_key.char_indices().nth(keep) {
        Some((i, _)) => &name_key[..i],
        None => name_key,
    }
}

/// Which form of the listed word `word_key` the key `name_key` is, if it is
/// one (and not the word itself).
pub(crate) fn form_of(word_key: &str, name_key: &str) -> Option<&'static str> {
    if word_key == name_key {
        return None;
    }
    forms(word_key)
        .into_iter()
        .find(|(form, _)| form == name_key)
        .map(|(_, what)| what)
}

/// Every simple inflected form of a word's folded key, with what it is, in a
/// fixed order, without the word itself.
pub(crate) fn forms(key: &str) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    if key.chars().count() < MIN_KEY || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
        return out;
    }
    let mut push = |form: String, what: &'static str| {
        if form != key && !out.iter().any(|(f, _)| *f == form) {
            out.push((form, what));
        }
    };
    for p in plurals(key) {
        push(p, "plural");
    }
    for f in feminines(key) {
        for p in plurals(&f) {
            push(p, "feminine plural");
        }
        push(f, "feminine");
    }
    if let Some(verb) = portuguese_verb(key) {
        for (form, what) in verb {
            push(form, what);
        }
    } else if let Some(last) = key.chars().last()
        && is_consonant(last)
    {
        let doubled = ends_consonant_vowel_consonant(key).then(|| format!("{key}{last}"));
        for base in std::iter::once(key.to_string()).chain(doubled) {
            push(format!("{base}ed"), "past tense");
            push(format!("{base}ing"), "gerund");
        }
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn is_consonant(c: char) -> bool {
    c.is_ascii_lowercase() && !is_vowel(c)
}

/// `shit`, `cock`? Only the first: consonant, one vowel, consonant (not w,
/// x or y), as English doubles before -ed and -ing.
fn ends_consonant_vowel_consonant(key: &str) -> bool {
    let c: Vec<char> = key.chars().collect();
    let n = c.len();
    n >= 3
        && is_consonant(c[n - 3])
        && is_vowel(c[n - 2])
        && is_consonant(c[n - 1])
        && !matches!(c[n - 1], 'w' | 'x' | 'y')
}

/// The plural forms of a key, Portuguese and English.
fn plurals(key: &str) -> Vec<String> {
    let stem = |n: usize| &key[..key.len() - n];
    let mut out = Vec::new();
    if let Some(base) = key.strip_suffix("ao") {
        out.push(format!("{base}oes"));
        out.push(format!("{base}aes"));
        out.push(format!("{key}s"));
        return out;
    }
    let Some(last) = key.chars().last() else {
        return out;
    };
    match last {
        c if is_vowel(c) => out.push(format!("{key}s")),
        'r' | 'z' => {
            out.push(format!("{key}es"));
            out.push(format!("{key}s"));
        }
        's' | 'x' => out.push(format!("{key}es")),
        'l' => {
            out.push(format!("{}is", stem(1)));
            out.push(format!("{key}s"));
        }
        'm' => {
            out.push(format!("{}ns", stem(1)));
            out.push(format!("{key}s"));
        }
        'h' if key.ends_with("sh") || key.ends_with("ch") => out.push(format!("{key}es")),
        'y' if key.len() >= 2 && !key[..key.len() - 1].ends_with(is_vowel) => {
            out.push(format!("{}ies", stem(1)));
        }
        _ => out.push(format!("{key}s")),
    }
    out
}

/// The feminine of a masculine key, if it has one.
fn feminines(key: &str) -> Vec<String> {
    if let Some(base) = key.strip_suffix("ao") {
        vec![format!("{base}ona")]
    } else if let Some(base) = key.strip_suffix('o') {
        vec![format!("{base}a")]
    } else if key.ends_with("or") {
        vec![format!("{key}a")]
    } else {
        Vec::new()
    }
}

/// The simple forms of a Portuguese verb, when the key is an infinitive.
fn portuguese_verb(key: &str) -> Option<Vec<(String, &'static str)>> {
    if key.len() < 4 {
        return None;
    }
    let stem = &key[..key.len() - 2];
    let conjugation = match &key[key.len() - 2..] {
        "ar" => 'a',
        "er" => 'e',
        "ir" => 'i',
        _ => return None,
    };
    // (present 2sg/3sg vowel, theme vowel of the participle and gerund)
    let (p, t) = match conjugation {
        'a' => ("a", "a"),
        'e' => ("e", "e"),
        _ => ("e", "i"),
    };
    let participle = if conjugation == 'a' { "ado" } else { "ido" };
    let gerund = match conjugation {
        'a' => "ando",
        'e' => "endo",
        _ => "indo",
    };
    let mut out = vec![
        (format!("{stem}o"), "present"),
        (format!("{stem}{p}s"), "present"),
        (format!("{stem}{p}"), "present"),
        (format!("{stem}{t}mos"), "present"),
        (format!("{stem}{p}m"), "present"),
    ];
    match conjugation {
        'a' => out.extend([
            (format!("{stem}ei"), "preterite"),
            (format!("{stem}ou"), "preterite"),
            (format!("{stem}aste"), "preterite"),
            (format!("{stem}aram"), "preterite"),
            (format!("{stem}ava"), "imperfect"),
            (format!("{stem}avam"), "imperfect"),
        ]),
        _ => out.extend([
            (format!("{stem}i"), "preterite"),
            (format!("{stem}{t}u"), "preterite"),
            (format!("{stem}{t}ste"), "preterite"),
            (format!("{stem}{t}ram"), "preterite"),
            (format!("{stem}ia"), "imperfect"),
            (format!("{stem}iam"), "imperfect"),
        ]),
    }
    for suffix in ["", "s", "a", "as"] {
        let base = &participle[..participle.len() - 1];
        let form = match suffix {
            "" => format!("{stem}{participle}"),
            "s" => format!("{stem}{participle}s"),
            "a" => format!("{stem}{base}a"),
            _ => format!("{stem}{base}as"),
        };
        out.push((form, "participle"));
    }
    out.push((format!("{stem}{gerund}"), "gerund"));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, form: &str) -> bool {
        form_of(word, form).is_some()
    }

    #[test]
    fn portuguese_plurals_and_genders() {
        for (word, form, what) in [
            ("puta", "putas", "plural"),
            ("merda", "merdas", "plural"),
            ("cabrao", "cabroes", "plural"),
            ("cabrao", "cabraes", "plural"),
            ("cabrao", "cabraos", "plural"),
            ("cabrao", "cabrona", "feminine"),
            ("cabrao", "cabronas", "feminine plural"),
            ("paneleiro", "paneleiros", "plural"),
            ("paneleiro", "paneleira", "feminine"),
            ("paneleiro", "paneleiras", "feminine plural"),
            ("fodido", "fodida", "feminine"),
            ("anal", "anais", "plural"),
            ("fodedor", "fodedores", "plural"),
            ("fodedor", "fodedora", "feminine"),
        ] {
            assert_eq!(form_of(word, form), Some(what), "{word} -> {form}");
        }
        // A listed feminine gets no masculine: "puto" is a word for a kid.
        assert!(!has("puta", "puto"));
        assert!(!has("puta", "putos"));
        // The word itself is not one of its forms (it matches as listed).
        assert_eq!(form_of("puta", "puta"), None);
    }

    #[test]
    fn portuguese_verbs() {
        for form in [
            "fodo", "fodes", "fode", "fodemos", "fodem", "fodi", "fodeu", "foderam", "fodia",
            "fodido", "fodidos", "fodida", "fodidas", "fodendo",
        ] {
            assert!(has("foder", form), "foder -> {form}");
        }
        for form in ["caga", "cagou", "cagado", "cagando", "cagam"] {
            assert!(has("cagar", form), "cagar -> {form}");
        }
        assert!(has("abrir", "abrindo") && has("abrir", "abriu"));
        assert!(!has("foder", "fodxyz"));
    }

    #[test]
    fn english_forms() {
        for (word, form) in [
            ("fuck", "fucks"),
            ("fuck", "fucked"),
            ("fuck", "fucking"),
            ("shit", "shits"),
            ("shit", "shitting"),
            ("shit", "shitted"),
            ("pussy", "pussies"),
            ("fucker", "fuckers"),
            ("bitch", "bitches"),
            ("ass", "asses"),
        ] {
            assert!(has(word, form), "{word} -> {form}");
        }
        // Derivations are not inflections: a word that only begins with a
        // listed one stays admissible.
        assert!(!has("cock", "cockpit"));
        assert!(!has("cock", "cocker"));
        assert!(!has("shit", "shitake"));
    }

    #[test]
    fn short_keys_and_expressions_do_not_inflect() {
        assert!(forms("cu").is_empty());
        assert!(forms("").is_empty());
        assert!(forms("café").is_empty());
        assert!(inflects("puta"));
        assert!(!inflects("filho da puta"));
        assert!(!inflects("foda-se"));
    }

    /// Every form of a word begins with the prefix the lookup reads for it,
    /// so no form is ever missed by the range lookup.
    #[test]
    fn every_form_falls_in_its_lookup_range() {
        for word in [
            "puta",
            "foder",
            "cabrao",
            "shit",
            "fuck",
            "pussy",
            "anal",
            "paneleiro",
            "cagar",
            "abc",
            "porra",
            "fodedor",
            "bitch",
            "ass",
            "caralho",
        ] {
            for (form, what) in forms(word) {
                assert!(
                    word.starts_with(lemma_prefix(&form)),
                    "{word} -> {form} ({what}): prefix {:?}",
                    lemma_prefix(&form)
                );
            }
        }
        assert_eq!(lemma_prefix("x"), "x");
        assert_eq!(lemma_prefix("putas"), "p");
        assert_eq!(lemma_prefix("paneleirascom"), "panelei");
    }
}
