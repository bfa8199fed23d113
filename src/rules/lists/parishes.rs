//! The parish names (Art. 7.1.b) a list of parishes gives: the official
//! name of each parish, each parish of a union, and the name before a
//! bracketed qualifier.
//!
//! The 2013 reform merged many parishes into unions, "União das freguesias
//! de A, B e C", and named others plainly "A e B": each of A, B and C was a
//! parish before (and many were restored in 2025), so each is a parish name.
//! Names such as "Ílhavo (São Salvador)" are in use both whole and as the
//! name before the bracket. The same derivation serves the built-in list and
//! `ptreg list import geographic FILE --parishes`, so a registry that loads a
//! newer official list gets the same kinds of entries.

/// One geographic entry a parish row gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParishName {
    pub(crate) name: String,
    /// What it names: "parish of Águeda (010103)", "part of the parish union
    /// ...", "short form of the parish ...".
    pub(crate) detail: String,
}

/// A parish row: the official name, its municipality, its code (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parish {
    pub(crate) name: String,
    pub(crate) municipality: String,
    pub(crate) code: String,
}

/// The header names a parish column goes by, in the official lists and the
/// usual open-data republications.
const NAME_COLUMNS: &[&str] = &["freguesia", "nome", "name"];
const MUNICIPALITY_COLUMNS: &[&str] = &["concelho", "municipio", "município", "municipality"];
const CODE_COLUMNS: &[&str] = &["dicofre", "dtmnfr", "codigo", "código", "code"];

/// Reads a CSV list of parishes (a header row, then one parish a row): the
/// name from the `freguesia` column, the municipality from `concelho` (or
/// `municipio`), the code from `dicofre` (optional). The delimiter is a
/// comma, or a semicolon when the header has more of those. Errors name the
/// line.
pub(crate) fn read(bytes: &[u8]) -> Result<Vec<Parish>, String> {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let count = |d: u8| first.iter().filter(|b| **b == d).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| format!("line 1: {e}"))?
        .clone();
    let find = |names: &[&str]| {
        headers.iter().position(|h| {
            let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
            names.contains(&h.as_str())
        })
    };
    let name_at = find(NAME_COLUMNS).ok_or("line 1: no freguesia column in the header")?;
    let municipality_at = find(MUNICIPALITY_COLUMNS)
        .ok_or("line 1: no concelho (or municipio) column in the header")?;
    let code_at = find(CODE_COLUMNS);
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| format!("line {line}: {e}"))?;
        let field = |at: usize| record.get(at).unwrap_or("").trim().to_string();
        let parish = Parish {
            name: field(name_at),
            municipality: field(municipality_at),
            code: code_at.map(field).unwrap_or_default(),
        };
        if parish.name.is_empty() {
            return Err(format!("line {line}: no parish name"));
        }
        out.push(parish);
    }
    Ok(out)
}

/// The prefixes of a union's official name, longest first.
const UNION_PREFIXES: &[&str] = &[
    "união das freguesias de ",
    "união das freguesias do ",
    "união das freguesias da ",
    "união das freguesias dos ",
    "união das freguesias das ",
    "união de freguesias de ",
    "união de freguesias do ",
    "união de freguesias da ",
];

/// Every entry one parish gives, the official name first.
pub(crate) fn names(parish: &Parish) -> Vec<ParishName> {
    let official = squeeze(&parish.name);
    let place = if parish.code.is_empty() {
        parish.municipality.trim().to_string()
    } else {
        format!("{}, {}", parish.municipality.trim(), parish.code.trim())
    };
    let mut out = vec![ParishName {
        name: official.clone(),
        detail: format!("parish ({place})"),
    }];
    let mut push = |name: String, detail: String| {
        if !name.is_empty() && !out.iter().any(|n| n.name == name) {
            out.push(ParishName { name, detail });
        }
    };
    let lower = official.to_lowercase();
    let body = UNION_PREFIXES
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &official[p.len()..]))
        .map(str::to_string);
    let is_union = body.is_some();
    let body = body.unwrap_or_else(|| official.clone());
    let parts = split_parts(&body);
    if is_union || parts.len() > 1 {
        for part in &parts {
            push(
                part.clone(),
                format!("part of the parish union \"{official}\" ({place})"),
            );
        }
    }
    // A union's own name is not in use cut at a bracket; its parts are.
    let whole_names = (!is_union)
        .then_some(&official)
        .into_iter()
        .chain(parts.iter());
    for whole in whole_names {
        if let Some(before) = before_bracket(whole) {
            push(
                before,
                format!("short form of the parish \"{whole}\" ({place})"),
            );
        }
    }
    out
}

/// "A, B e C" → [A, B, C], splitting only outside brackets.
fn split_parts(body: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && c == ',' {
            parts.push(std::mem::take(&mut current));
            i += 1;
            continue;
        }
        // " e " between two parts.
        if depth == 0
            && c == ' '
            && chars.get(i + 1) == Some(&'e')
            && chars.get(i + 2) == Some(&' ')
        {
            parts.push(std::mem::take(&mut current));
            i += 3;
            continue;
        }
        current.push(c);
        i += 1;
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| squeeze(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The name before a bracketed qualifier: "Ílhavo (São Salvador)" → "Ílhavo".
fn before_bracket(name: &str) -> Option<String> {
    let (before, _) = name.split_once('(')?;
    let before = squeeze(before);
    (!before.is_empty()).then_some(before)
}

/// Trims and collapses runs of spaces.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parish(name: &str, municipality: &str, code: &str) -> Parish {
        Parish {
            name: name.into(),
            municipality: municipality.into(),
            code: code.into(),
        }
    }

    fn of(name: &str) -> Vec<String> {
        names(&parish(name, "Águeda", "010123"))
            .into_iter()
            .map(|n| n.name)
            .collect()
    }

    #[test]
    fn a_plain_parish_is_itself() {
        assert_eq!(of("Fermentelos"), ["Fermentelos"]);
        let n = names(&parish(" Aguada  de Cima ", "Águeda", "010103"));
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].name, "Aguada de Cima");
        assert_eq!(n[0].detail, "parish (Águeda, 010103)");
    }

    #[test]
    fn unions_give_each_part() {
        assert_eq!(
            of("União das freguesias de Belazaima do Chão, Castanheira do Vouga e Agadão"),
            [
                "União das freguesias de Belazaima do Chão, Castanheira do Vouga e Agadão",
                "Belazaima do Chão",
                "Castanheira do Vouga",
                "Agadão"
            ]
        );
        assert_eq!(
            of("União das freguesias do Préstimo e Macieira de Alcoba"),
            [
                "União das freguesias do Préstimo e Macieira de Alcoba",
                "Préstimo",
                "Macieira de Alcoba"
            ]
        );
        // Unions named without the prefix.
        assert_eq!(of("Eixo e Eirol"), ["Eixo e Eirol", "Eixo", "Eirol"]);
        assert_eq!(
            of("Albergaria-a-Velha e Valmaior"),
            [
                "Albergaria-a-Velha e Valmaior",
                "Albergaria-a-Velha",
                "Valmaior"
            ]
        );
        let detail = &names(&parish("Eixo e Eirol", "Aveiro", "010517"))[1].detail;
        assert_eq!(
            detail,
            "part of the parish union \"Eixo e Eirol\" (Aveiro, 010517)"
        );
    }

    #[test]
    fn brackets_give_the_name_before_them() {
        assert_eq!(
            of("Ílhavo (São Salvador)"),
            ["Ílhavo (São Salvador)", "Ílhavo"]
        );
        // A bracket inside a union part: split outside the bracket only.
        assert_eq!(
            of("União das freguesias de Ribeira de Pena (Salvador) e Santo Aleixo de Além-Tâmega"),
            [
                "União das freguesias de Ribeira de Pena (Salvador) e Santo Aleixo de Além-Tâmega",
                "Ribeira de Pena (Salvador)",
                "Santo Aleixo de Além-Tâmega",
                "Ribeira de Pena"
            ]
        );
        assert_eq!(
            of("Sintra (Santa Maria e São Miguel, São Martinho e São Pedro de Penaferrim)"),
            [
                "Sintra (Santa Maria e São Miguel, São Martinho e São Pedro de Penaferrim)",
                "Sintra"
            ]
        );
    }

    #[test]
    fn a_name_with_e_inside_a_word_is_not_split() {
        assert_eq!(
            of("Sé e São Lourenço"),
            ["Sé e São Lourenço", "Sé", "São Lourenço"]
        );
        assert_eq!(of("Vale de Cambra"), ["Vale de Cambra"]);
        assert_eq!(of("Cabeceiras"), ["Cabeceiras"]);
    }

    #[test]
    fn read_finds_the_columns_by_name() {
        let csv = "concelho;freguesia;dicofre\nÁgueda;\"Eixo; e Eirol\";010517\nLagos;Luz;080805\n";
        let rows = read(csv.as_bytes()).expect("reads");
        assert_eq!(
            rows,
            [
                parish("Eixo; e Eirol", "Águeda", "010517"),
                parish("Luz", "Lagos", "080805")
            ]
        );
        let no_code = read(b"freguesia,municipio\nLuz,Lagos\n").expect("reads");
        assert_eq!(no_code, [parish("Luz", "Lagos", "")]);
        assert_eq!(
            read(b"nome,codigo\nLuz,1\n"),
            Err("line 1: no concelho (or municipio) column in the header".to_string())
        );
        assert_eq!(
            read(b"freguesia,concelho\nLuz,Lagos\n,Lagos\n"),
            Err("line 3: no parish name".to_string())
        );
        let bad = read(b"freguesia,concelho\nLuz,Lagos\n\xff\xfe,Lagos\n");
        assert!(
            bad.is_err_and(|e| e.starts_with("line 3")),
            "invalid UTF-8 names its line"
        );
    }
}
