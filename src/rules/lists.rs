//! TEMPORARY stub of `fold_key` until engineer `names` lands `rules::lists`
//! (take theirs on merge).

/// The key a name is matched on: lower case, diacritics removed, only
/// letters and digits.
pub(crate) fn fold_key(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' => 'a',
            'ç' => 'c',
            'é' | 'ê' => 'e',
            'í' => 'i',
            'ó' | 'ô' | 'õ' => 'o',
            'ú' => 'u',
            c => c,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}
