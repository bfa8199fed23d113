//! The journal as an RFC 9162 Merkle tree (§2.1): tree heads, inclusion
//! proofs and consistency proofs, and their verification.
//!
//! The leaf of journal entry N (N = 1, 2, ...) is `SHA-256(0x00 ‖ hash)`
//! where `hash` is the entry's stored chain hash as 32 raw bytes; index N-1
//! in the tree. An interior node is `SHA-256(0x01 ‖ left ‖ right)`; the
//! split of n leaves is at the largest power of two below n. The empty
//! tree's head is SHA-256 of nothing. These are plain functions over slices
//! of leaf hashes, checked against the Certificate Transparency vectors.

use sha2::{Digest, Sha256};

/// A 32-byte hash.
pub(crate) type Hash = [u8; 32];

/// `SHA-256(0x00 ‖ data)`.
pub(crate) fn leaf(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// `SHA-256(0x01 ‖ left ‖ right)`.
pub(crate) fn node(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The largest power of two strictly below `n` (n ≥ 2).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k << 1 < n {
        k <<= 1;
    }
    k
}

/// The tree head (MTH) of the given leaf hashes.
pub(crate) fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// A tree built one leaf at a time in O(log n) memory: the perfect
/// subtrees so far, left to right (for streams too long to hold).
#[derive(Debug, Default, Clone)]
pub(crate) struct Frontier {
    stack: Vec<(u32, Hash)>,
    size: u64,
}

impl Frontier {
    pub(crate) fn push(&mut self, leaf: Hash) {
        self.stack.push((0, leaf));
        self.size += 1;
        while let [.., (hl, _), (hr, _)] = self.stack[..]
            && hl == hr
        {
            let (height, right) = self.stack.pop().unwrap_or_default();
            let (_, left) = self.stack.pop().unwrap_or_default();
            self.stack.push((height + 1, node(&left, &right)));
        }
    }

    /// The head of the leaves pushed so far (folded right to left).
    pub(crate) fn root(&self) -> Hash {
        let mut nodes = self.stack.iter().rev();
        let Some((_, last)) = nodes.next() else {
            return root(&[]);
        };
        nodes.fold(*last, |head, (_, left)| node(left, &head))
    }
}

/// The tree heads of the first `size` leaves for each of `sizes`, in one
/// pass over `leaves`. A size past the leaves gets `None`.
pub(crate) fn prefix_roots(leaves: &[Hash], sizes: &[usize]) -> Vec<Option<Hash>> {
    let mut out = vec![None; sizes.len()];
    let mut tree = Frontier::default();
    for (i, size) in sizes.iter().enumerate() {
        if *size == 0 {
            out[i] = Some(tree.root());
        }
    }
    for (n, l) in leaves.iter().enumerate() {
        tree.push(*l);
        for (i, size) in sizes.iter().enumerate() {
            if *size == n + 1 {
                out[i] = Some(tree.root());
            }
        }
    }
    out
}

/// The inclusion proof (audit path) of leaf `index` in the tree of `leaves`
/// (RFC 9162 §2.1.3.1), nearest sibling first. `None` when out of range.
pub(crate) fn inclusion_proof(index: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    if index >= leaves.len() {
        return None;
    }
    let mut out = Vec::new();
    path(index, leaves, &mut out);
    Some(out)
}

fn path(m: usize, leaves: &[Hash], out: &mut Vec<Hash>) {
    let n = leaves.len();
    if n <= 1 {
        return;
    }
    let k = split(n);
    if m < k {
        path(m, &leaves[..k], out);
        out.push(root(&leaves[k..]));
    } else {
        path(m - k, &leaves[k..], out);
        out.push(root(&leaves[..k]));
    }
}

/// The consistency proof from the tree of the first `old` leaves to the
/// tree of all `leaves` (RFC 9162 §2.1.4.1). `None` when `old` is 0 or
/// larger than the tree.
pub(crate) fn consistency_proof(old: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    if old == 0 || old > leaves.len() {
        return None;
    }
    let mut out = Vec::new();
    subproof(old, leaves, true, &mut out);
    Some(out)
}

fn subproof(m: usize, leaves: &[Hash], complete: bool, out: &mut Vec<Hash>) {
    let n = leaves.len();
    if m == n {
        if !complete {
            out.push(root(leaves));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, &leaves[..k], complete, out);
        out.push(root(&leaves[k..]));
    } else {
        subproof(m - k, &leaves[k..], false, out);
        out.push(root(&leaves[..k]));
    }
}

/// Checks an inclusion proof (RFC 9162 §2.1.3.2): that `leaf_hash` is leaf
/// `index` of the tree of `size` leaves whose head is `root`.
pub(crate) fn verify_inclusion(
    index: u64,
    size: u64,
    leaf_hash: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> bool {
    if index >= size {
        return false;
    }
    let (mut fnum, mut snum) = (index, size - 1);
    let mut r = *leaf_hash;
    for p in proof {
        if snum == 0 {
            return false;
        }
        if fnum & 1 == 1 || fnum == snum {
            r = node(p, &r);
            if fnum & 1 == 0 {
                while fnum & 1 == 0 && fnum != 0 {
                    fnum >>= 1;
                    snum >>= 1;
                }
            }
        } else {
            r = node(&r, p);
        }
        fnum >>= 1;
        snum >>= 1;
    }
    snum == 0 && r == *root
}

/// Checks a consistency proof (RFC 9162 §2.1.4.2): that the tree of `old`
/// leaves with head `old_root` is a prefix of the tree of `new` leaves with
/// head `new_root`.
pub(crate) fn verify_consistency(
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old == 0 || old > new {
        return false;
    }
    if old == new {
        return proof.is_empty() && old_root == new_root;
    }
    // If the old size is a power of two, its head is the first value.
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let (mut fnum, mut snum) = (old - 1, new - 1);
    while fnum & 1 == 1 {
        fnum >>= 1;
        snum >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if snum == 0 {
            return false;
        }
        if fnum & 1 == 1 || fnum == snum {
            fr = node(c, &fr);
            sr = node(c, &sr);
            if fnum & 1 == 0 {
                while fnum & 1 == 0 && fnum != 0 {
                    fnum >>= 1;
                    snum >>= 1;
                }
            }
        } else {
            sr = node(&sr, c);
        }
        fnum >>= 1;
        snum >>= 1;
    }
    snum == 0 && fr == *old_root && sr == *new_root
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Certificate Transparency reference leaves (RFC 6962 test data,
    /// as in transparency-dev/merkle and certificate-transparency-go).
    const DATA: [&str; 8] = [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ];

    /// Their tree heads for sizes 0 to 8.
    const ROOTS: [&str; 9] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    fn leaves() -> Vec<Hash> {
        DATA.iter()
            .map(|d| leaf(&hex::decode(d).unwrap()))
            .collect()
    }

    fn h(text: &str) -> Hash {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text, &mut out).unwrap();
        out
    }

    fn hs(list: &[&str]) -> Vec<Hash> {
        list.iter().map(|t| h(t)).collect()
    }

    #[test]
    fn tree_heads_are_the_reference_ones() {
        let l = leaves();
        for (n, want) in ROOTS.iter().enumerate() {
            assert_eq!(hex::encode(root(&l[..n])), *want, "size {n}");
        }
    }

    #[test]
    fn prefix_roots_agree_with_the_tree_heads() {
        let l: Vec<Hash> = (0u8..40).map(|i| leaf(&[i])).collect();
        let sizes: Vec<usize> = (0..=41).collect();
        let got = prefix_roots(&l, &sizes);
        for (size, head) in sizes.iter().zip(got) {
            assert_eq!(
                head,
                (*size <= l.len()).then(|| root(&l[..*size])),
                "{size}"
            );
        }
        let reference = prefix_roots(&leaves(), &[8, 3]);
        assert_eq!(hex::encode(reference[0].unwrap()), ROOTS[8]);
        assert_eq!(hex::encode(reference[1].unwrap()), ROOTS[3]);
    }

    #[test]
    fn inclusion_proofs_are_the_reference_ones() {
        let l = leaves();
        let cases: &[(usize, usize, &[&str])] = &[
            (0, 1, &[]),
            (
                0,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                8,
                &[
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                3,
                &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
            ),
            (
                1,
                5,
                &[
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (index, size, want) in cases {
            let tree = &l[..*size];
            let proof = inclusion_proof(*index, tree).unwrap();
            assert_eq!(proof, hs(want), "leaf {index} of {size}");
            assert!(verify_inclusion(
                *index as u64,
                *size as u64,
                &tree[*index],
                &proof,
                &root(tree)
            ));
        }
    }

    #[test]
    fn consistency_proofs_are_the_reference_ones() {
        let l = leaves();
        let cases: &[(usize, usize, &[&str])] = &[
            (1, 1, &[]),
            (
                1,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                6,
                8,
                &[
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                5,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (old, new, want) in cases {
            let proof = consistency_proof(*old, &l[..*new]).unwrap();
            assert_eq!(proof, hs(want), "{old} -> {new}");
            assert!(verify_consistency(
                *old as u64,
                *new as u64,
                &root(&l[..*old]),
                &root(&l[..*new]),
                &proof
            ));
        }
    }

    #[test]
    fn every_proof_of_every_shape_verifies_and_nothing_else_does() {
        let l: Vec<Hash> = (0u8..37).map(|i| leaf(&[i, i.wrapping_mul(7)])).collect();
        for n in 1..=l.len() {
            let tree = &l[..n];
            let head = root(tree);
            for i in 0..n {
                let p = inclusion_proof(i, tree).unwrap();
                assert!(verify_inclusion(i as u64, n as u64, &tree[i], &p, &head));
                let wrong_leaf = leaf(b"other");
                assert!(!verify_inclusion(
                    i as u64,
                    n as u64,
                    &wrong_leaf,
                    &p,
                    &head
                ));
                if n > 1 {
                    assert!(!verify_inclusion(
                        ((i + 1) % n) as u64,
                        n as u64,
                        &tree[i],
                        &p,
                        &head
                    ));
                }
            }
            for m in 1..=n {
                let p = consistency_proof(m, tree).unwrap();
                let old = root(&tree[..m]);
                assert!(verify_consistency(m as u64, n as u64, &old, &head, &p));
                // A different old tree (one leaf rewritten) is not consistent.
                let mut forged = tree[..m].to_vec();
                forged[m - 1] = leaf(b"forged");
                assert!(!verify_consistency(
                    m as u64,
                    n as u64,
                    &root(&forged),
                    &head,
                    &p
                ));
                if let Some((first, rest)) = p.split_first() {
                    let mut bad = vec![node(first, first)];
                    bad.extend_from_slice(rest);
                    assert!(!verify_consistency(m as u64, n as u64, &old, &head, &bad));
                }
            }
        }
        assert!(inclusion_proof(3, &l[..3]).is_none());
        assert!(consistency_proof(0, &l[..3]).is_none());
        assert!(consistency_proof(4, &l[..3]).is_none());
        assert!(!verify_consistency(0, 3, &root(&[]), &root(&l[..3]), &[]));
    }
}
