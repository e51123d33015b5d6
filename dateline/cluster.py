"""Near-duplicate articles: the same story re-published with small edits.

``NearDupIndex`` finds an article that was re-published with small edits (a new first
line, a footer, a changed byline) using MinHash over word 5-shingles with LSH, so each
new article costs one query, not a comparison with every stored article. Which
*reports* are one real-world event is another question: ``identity.py``.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 5
MIN_WORDS = 30  # below this, shingles are too few for MinHash: exact hash only
_SIG_MINHASH = b"M"
_SIG_EXACT = b"X"
_SCHEME = "affine32"  # datasketch's hash scheme, pinned so stored signatures stay comparable
_HASH_DTYPE = np.dtype("<u4")
_WORD = re.compile(r"\w+")


# ---------------------------------------------------------------- near-duplicate articles


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


class NearDupIndex:
    """MinHash/LSH (datasketch) over word 5-shingles of the cleaned text; threshold Jaccard ~0.8.

    Signatures are plain bytes so the store can keep them and a later run can rebuild
    the index without re-reading articles (``signature`` / ``add_signature``).
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        # Only the hash values (num_perm uint32, 512 bytes) are kept per article: a MinHash
        # object also carries its own permutation arrays, several times that, and the index
        # lives as long as the run.
        self._values: dict[str, bytes] = {}
        self._exact: dict[bytes, str] = {}
        self._order: dict[str, int] = {}

    def signature(self, text: str) -> bytes:
        """A MinHash signature, or for a very short text an exact hash of its words."""
        words = _words(text)
        if len(words) < MIN_WORDS:
            return _SIG_EXACT + hashlib.sha256(" ".join(words).encode("utf-8")).digest()
        mh = MinHash(num_perm=self.num_perm, scheme=_SCHEME)
        shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
        mh.update_batch([s.encode("utf-8") for s in shingles])
        return _SIG_MINHASH + np.asarray(mh.hashvalues).astype(_HASH_DTYPE).tobytes()

    def add(self, article_id: str, text: str) -> str | None:
        """The id of an earlier near-identical article (or None); indexes this one.

        Re-adding a known id finds the same answer as the first time, so re-runs agree.
        """
        sig = self.signature(text)
        twin = self.find(article_id, sig)
        self.add_signature(article_id, sig)
        return twin

    def add_signature(self, article_id: str, sig: bytes) -> None:
        """Index a stored signature (from ``signature``) under ``article_id``."""
        if article_id in self._order:
            return
        kind, body = sig[:1], sig[1:]
        if kind == _SIG_EXACT:
            self._exact.setdefault(body, article_id)
        else:
            mh = self._minhash(body)
            self._lsh.insert(article_id, mh)
            self._values[article_id] = body
        self._order[article_id] = len(self._order)

    def find(self, article_id: str, sig: bytes) -> str | None:
        """The earliest indexed article (other than ``article_id`` itself and any added
        after it) whose estimated Jaccard similarity reaches the threshold."""
        kind, body = sig[:1], sig[1:]
        if kind == _SIG_EXACT:
            twin = self._exact.get(body)
            return twin if twin and self._is_earlier(twin, article_id) else None
        mh = self._minhash(body)
        hits = [k for k in self._lsh.query(mh)
                if self._is_earlier(k, article_id) and self._jaccard(body, self._values[k]) >= self.threshold]
        return min(hits, key=self._order.__getitem__, default=None)

    def _is_earlier(self, other: str, article_id: str) -> bool:
        if other == article_id:
            return False
        mine = self._order.get(article_id)
        return mine is None or self._order[other] < mine

    @staticmethod
    def _jaccard(a: bytes, b: bytes) -> float:
        """The estimated Jaccard similarity of two signatures, as ``MinHash.jaccard``
        computes it: the share of equal hash values."""
        x, y = np.frombuffer(a, dtype=_HASH_DTYPE), np.frombuffer(b, dtype=_HASH_DTYPE)
        return float(np.count_nonzero(x == y)) / len(x)

    def _minhash(self, body: bytes) -> MinHash:
        if len(body) != self.num_perm * _HASH_DTYPE.itemsize:
            raise ValueError(f"signature has {len(body)} bytes, the index expects {self.num_perm} hash values")
        values = np.frombuffer(body, dtype=_HASH_DTYPE).astype(np.uint32)
        return MinHash(num_perm=self.num_perm, hashvalues=values, scheme=_SCHEME)


__all__ = ["NearDupIndex"]
