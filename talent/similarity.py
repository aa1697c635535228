"""Private fuzzy matching: how alike two trainee records are, without decrypting either.

Exact matching (talent.identity) compares blind indexes and misses a person whose e-mail has a
typo or whose name was typed in another order or spelling. For those, each record also keeps a
**cryptographic long-term key** (CLK), the encoding of privacy-preserving record linkage
(Schnell et al. 2009; anonlink/clkhash): the character bigrams of each identifier are hashed under
a secret key into a Bloom filter, so two spellings of a name set mostly the same bits. Comparing
two CLKs (the Dice coefficient of their bits) estimates how alike the names are; nobody without
the key can tell which bigram set which bit, and nothing is ever decrypted to compare.

Names are normalised first: case, accents and spacing are dropped, known transliteration variants
(Mohamed, Mohammed, Muhammad…) become one spelling, and every token is folded phonetically (ph→f,
ou→u, doubled letters once); bigrams form a set, so swapped name order changes nothing. Birth
year, sex and country are pseudonymous facts stored in clear beside the record already, so they
are compared as they are.

Scoring all pairs of a million records is out of the question; candidates come from **blocking
keys**, keyed hashes of (name token's phonetic code, birth year, country) and of the whole name's
codes, stored in ``MatchKey`` and looked up through an index: a true pair is missed only when every
name token's code changed or the facts differ too.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Bits per field; the CLK stores the three fields one after the other.
FIELDS = {"name": 1024, "email": 256, "id": 256}
HASHES = {"name": 10, "email": 6, "id": 8}
CLK_BYTES = sum(FIELDS.values()) // 8

# Transliteration variants seen in West, North and East African and Chinese names: each group
# is folded to its first spelling before encoding, so the variants set the same bits.
_VARIANTS = (
    "muhammad mohamed mohammed mohammad muhammed mohamad mouhamed mohamud muhamad mahamat",
    "ahmed ahmad ahmet",
    "abdul abdel abdoul abdal",
    "youssef yusuf yousef youssouf yusif yousif",
    "ibrahim ebrahim ibrahima brahim",
    "hussein hussain husein hossein houssein",
    "mustafa mostafa moustapha mustapha",
    "fatima fatma fatoumata fatimah",
    "aisha aicha aissatou ayesha aysha aishah",
    "khadija khadidja kadija",
    "omar umar oumar",
    "usman ousmane othman uthman osman",
    "abubakar aboubacar abubakr aboubakar",
    "zhang chang",
    "zhou chou",
    "xu hsu",
    "li lee",
)
VARIANT = {name: group.split()[0] for group in _VARIANTS for name in group.split()}
_FOLDS = (("ph", "f"), ("ou", "u"), ("kh", "k"), ("ck", "k"), ("q", "k"), ("y", "i"))
_VOWELS = set("aeiou")


def tokens(name: str) -> list[str]:
    """Lower-case tokens without accents, transliteration variants folded to one spelling."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return [VARIANT.get(t, t) for t in re.findall(r"\w+", text)]


def fold(token: str) -> str:
    """A phonetic fold: spellings that sound alike come out alike (Youssouf, Yusuf)."""
    for old, new in _FOLDS:
        token = token.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", token)


def code(token: str) -> str:
    """A short phonetic code for blocking: first letter and the next three consonants."""
    folded = fold(token)
    if not folded:
        return ""
    rest = "".join(ch for ch in folded[1:] if ch not in _VOWELS)
    return (folded[0] + re.sub(r"(.)\1+", r"\1", rest))[:4]


def bigrams(token: str) -> set[str]:
    padded = f"_{token}_"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def name_grams(name: str) -> set[str]:
    grams: set[str] = set()
    for token in tokens(name):
        grams |= bigrams(fold(token))
    return grams


def email_grams(email: str) -> set[str]:
    local, _, domain = email.strip().lower().partition("@")
    return bigrams(re.sub(r"[._+\-]", "", local)) | {f"@{domain}"}


def id_grams(normal_id: str) -> set[str]:
    country, _, number = normal_id.partition(":")
    return bigrams(number) | {f"#{country}"}


@lru_cache(maxsize=200_000)
def _mask(key: bytes, field: str, gram: str) -> int:
    """The Bloom-filter bits of one bigram: k positions by double hashing of one keyed HMAC."""
    digest = hmac.new(key, f"{field}\0{gram}".encode(), hashlib.sha256).digest()
    h1, h2 = int.from_bytes(digest[:8], "big"), int.from_bytes(digest[8:16], "big") | 1
    bits = FIELDS[field]
    mask = 0
    for i in range(HASHES[field]):
        mask |= 1 << ((h1 + i * h2) % bits)
    return mask


def encode(key: bytes, name: str, email: str = "", normal_id: str = "") -> bytes:
    """The record's CLK: name, e-mail and ID Bloom filters, in that order, as bytes."""
    out = b""
    for field, grams in (
        ("name", name_grams(name)),
        ("email", email_grams(email) if email else set()),
        ("id", id_grams(normal_id) if normal_id else set()),
    ):
        value = 0
        for gram in grams:
            value |= _mask(key, field, gram)
        out += value.to_bytes(FIELDS[field] // 8, "big")
    return out


def split(clk: bytes) -> dict[str, int]:
    """The CLK's field filters as integers (Python's int.bit_count is a fast popcount)."""
    clk, parts, start = bytes(clk), {}, 0
    for field, bits in FIELDS.items():
        parts[field] = int.from_bytes(clk[start : start + bits // 8], "big")
        start += bits // 8
    return parts


def dice(a: int, b: int) -> float | None:
    """Dice coefficient of two Bloom filters; None when either field was empty."""
    total = a.bit_count() + b.bit_count()
    if not a or not b:
        return None
    return 2 * (a & b).bit_count() / total


def block_keys(key: bytes, name: str, birth_year: int, country: str) -> list[int]:
    """Keyed 63-bit blocking keys: each name token's code with birth year and country, the
    whole name's codes (catches a wrong birth year or country), as signed bigint-safe ints."""
    codes = sorted({code(t) for t in tokens(name)} - {""})
    texts = [f"t\0{c}\0{birth_year}\0{country}" for c in codes]
    if len(codes) > 1:
        texts.append("n\0" + " ".join(codes))
    return sorted(
        {
            int.from_bytes(hmac.new(key, t.encode(), hashlib.sha256).digest()[:8], "big") >> 1
            for t in texts
        }
    )


@dataclass(frozen=True)
class Profile:
    """What the scorer sees of a record: its CLK and pseudonymous facts, nothing in clear."""

    clk: dict[str, int]
    sex: str
    birth_year: int | None
    country: str | None

    @classmethod
    def of(cls, clk: bytes | None, sex: str, birth_year, country) -> Profile:
        return cls(split(clk) if clk else dict.fromkeys(FIELDS, 0), sex, birth_year, country)


AGREE, DISAGREE, UNKNOWN = "agree", "disagree", "unknown"
KNOWN_SEXES = {"female", "male"}


@dataclass(frozen=True)
class Comparison:
    score: float  # summed log2 weights, Fellegi–Sunter style: higher is likelier the same
    fields: dict[str, str]  # field → agree / disagree / unknown, for the reviewer


def _band(value: float | None, bands: tuple[tuple[float, float], ...], below: float) -> float:
    if value is None:
        return 0.0
    for floor, weight in bands:
        if value >= floor:
            return weight
    return below


# Weights are log2 likelihood ratios, set once from the labelled bench set (bench/identity.py):
# a close name is strong evidence, a different birth year or sex strong evidence against.
NAME_BANDS = ((0.95, 7.0), (0.85, 5.0), (0.75, 3.0), (0.65, 0.5))
EMAIL_BANDS = ((0.9, 6.0), (0.8, 1.0))
ID_BANDS = ((0.8, 6.0), (0.6, 2.0))


def commonness_penalty(commonness: int) -> float:
    """How much a name agreement is worth less when the name is common: ``commonness`` is how
    many stored records share the rarest blocking key of the pair (2: only the pair itself).
    The registry counts keyed blocking keys, so this term-frequency adjustment (as splink's)
    needs no name in clear."""
    return min(6.0, math.log2(max(commonness, 2) / 2))


def compare(a: Profile, b: Profile, commonness: int = 2) -> Comparison:
    name = dice(a.clk["name"], b.clk["name"])
    email = dice(a.clk["email"], b.clk["email"])
    id_ = dice(a.clk["id"], b.clk["id"])
    score = _band(name, NAME_BANDS, -6.0)
    if name is not None and name >= 0.85:
        score -= commonness_penalty(commonness)
    score += _band(email, EMAIL_BANDS, -2.0)
    score += _band(id_, ID_BANDS, -3.0)
    fields = {
        "name": UNKNOWN if name is None else (AGREE if name >= 0.75 else DISAGREE),
        "email": UNKNOWN if email is None else (AGREE if email >= 0.8 else DISAGREE),
        "id_number": UNKNOWN if id_ is None else (AGREE if id_ >= 0.8 else DISAGREE),
    }
    if a.birth_year and b.birth_year:
        gap = abs(a.birth_year - b.birth_year)
        score += 3.0 if gap == 0 else (-1.0 if gap == 1 else -6.0)
        fields["birth_year"] = AGREE if gap == 0 else DISAGREE
    else:
        fields["birth_year"] = UNKNOWN
    if a.country and b.country:
        score += 1.5 if a.country == b.country else -2.0
        fields["country"] = AGREE if a.country == b.country else DISAGREE
    else:
        fields["country"] = UNKNOWN
    if a.sex in KNOWN_SEXES and b.sex in KNOWN_SEXES:
        score += 0.5 if a.sex == b.sex else -4.0
        fields["sex"] = AGREE if a.sex == b.sex else DISAGREE
    else:
        fields["sex"] = UNKNOWN
    return Comparison(round(score, 2), fields)


# A pair is listed for review from this score on (the operating threshold measured in
# bench/README.md); below it, the pair is not even stored.
REVIEW_THRESHOLD = 6.0
