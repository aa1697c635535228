"""Trainee identity: digicoop's private linking against splink on one labelled synthetic set.

    python -m bench.identity                     # 100,000 records, seed 16, both linkers
    python -m bench.identity --records 20000     # smaller, while developing
    python -m bench.identity --skip-splink       # digicoop only (splink is the `bench` extra)
    python -m bench.identity --scale 1000000     # time 100,000 new records against 1 M stored

The set is generated from a seed: people with names drawn from African, Arabic and Chinese
name pools (family names shared by many), each recorded one to four times by training partners
with realistic errors — typos, swapped name order, transliteration variants (Mohamed/Muhammad),
dropped middle names, another or mistyped e-mail, missing e-mail or ID, a birth year off by one,
siblings sharing a family e-mail — and the truth (who is who) known.

digicoop links as the registry does, with the registry's own functions, and never sees a name in
clear when comparing: exact links by blind index (union of every chain), then candidate pairs from
the keyed blocking keys, scored from the keyed Bloom-filter encodings (CLKs) and the pseudonymous
facts. splink (probabilistic linkage, Fellegi–Sunter with EM, DuckDB backend) gets the plaintext.
Both are judged on record pairs: precision and recall against the truth, over a sweep of
thresholds, so recall can be read at equal precision.
"""

from __future__ import annotations

import argparse
import os
import random
import string
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

REGIONS = {
    "east": (
        ("KE", "TZ", "UG", "ET", "RW"),
        "Amina Wanjiru Achieng Neema Faith Grace Zawadi Baraka Juma Otieno Kipchoge Abebe "
        "Tesfaye Selam Hirut Dawit Mekdes Habiba Rehema Daudi Eliya Nyokabi Wairimu Njeri",
        "Kamau Otieno Mwangi Njoroge Ochieng Wanjala Kiprono Mutua Abebe Tesfaye Bekele Girma "
        "Mohamed Hassan Omondi Achieng Kibet Chebet Nyambura Okello",
    ),
    "west": (
        ("NG", "GH", "SN", "CI", "ML"),
        "Chinedu Oluwaseun Adebayo Ngozi Chiamaka Emeka Kwame Kofi Abena Akosua Yaw Ama "
        "Mamadou Amadou Fatoumata Aissatou Ousmane Ibrahima Abdoulaye Moussa Aminata Seydou "
        "Adaeze Tunde Folake",
        "Okafor Adeyemi Okonkwo Eze Mensah Owusu Boateng Asante Diallo Traore Ndiaye Diop "
        "Sow Ba Keita Coulibaly Toure Bello Balogun Nwosu",
    ),
    "north": (
        ("EG", "MA", "DZ", "TN"),
        "Mohamed Ahmed Youssef Omar Ali Ibrahim Mustafa Hussein Khaled Karim Fatima Aisha "
        "Khadija Mariam Nour Salma Yasmine Leila Samir Hassan Amira Rania Tarek Said",
        "Mohamed Ahmed Hassan Ali Ibrahim Mahmoud Mostafa Saleh Benali Haddad Mansour Amrani "
        "Belkacem Bouazizi Trabelsi Elmasry Abdelaziz Kamal Fathy Nasser",
    ),
    "south": (
        ("ZA", "ZW", "ZM", "BW"),
        "Thabo Lerato Sipho Nomvula Tendai Chipo Tatenda Kagiso Palesa Mpho Lindiwe Bongani "
        "Thandiwe Farai Rudo Naledi Sibusiso Zanele Tshepo Nandi",
        "Dlamini Nkosi Ndlovu Khumalo Mokoena Moyo Banda Phiri Mbeki Sithole Zulu Mahlangu "
        "Chikwanha Mutasa Mazibuko Molefe Tau Sibanda Ncube Mthembu",
    ),
    "china": (
        ("CN",),
        "Wei Jing Li Na Min Hui Yan Jun Lei Xiaoming Xiaoli Fang Ying Hao Yu Tao Lin Qiang Ping "
        "Jie Xin Chen Yang Bo",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo",
    ),
}
REGION_WEIGHTS = {"east": 0.25, "west": 0.25, "north": 0.2, "south": 0.1, "china": 0.2}
# Spellings a second partner may use. Several are not in the registry's own variant table
# (Abdoulaye/Abdullahi, Mamadou/Mamadu, Chen/Chan…): the bench does not only test what the
# code already knows.
VARIANTS = [
    ("Mohamed", "Muhammad", "Mohammed", "Mohamad"),
    ("Ahmed", "Ahmad"),
    ("Youssef", "Yusuf", "Yousef"),
    ("Fatima", "Fatoumata", "Fatma"),
    ("Aisha", "Aicha", "Aissatou"),
    ("Ibrahim", "Ibrahima"),
    ("Omar", "Oumar", "Umar"),
    ("Ousmane", "Usman", "Osman"),
    ("Hussein", "Hussain"),
    ("Mustafa", "Mostafa"),
    ("Abdoulaye", "Abdullahi"),
    ("Mamadou", "Mamadu"),
    ("Amadou", "Ahmadou"),
    ("Traore", "Traoré"),
    ("Toure", "Touré"),
    ("Zhang", "Chang"),
    ("Xu", "Hsu"),
    ("Chen", "Chan"),
    ("Li", "Lee"),
    ("Khadija", "Khadidja"),
]
VARIANT_OF = {name: group for group in VARIANTS for name in group}
DOMAINS = ("example.org", "mail.example", "uni.example.edu", "gov.example", "post.example")
SEXES = ("female", "male")


@dataclass
class Record:
    person: int  # the truth
    name: str
    email: str
    id_number: str
    id_country: str
    sex: str
    birth_year: int
    country: str


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1 :]
    if kind < 0.6:
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
    if kind < 0.8 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(string.ascii_lowercase) + word[i:]


def generate(records: int, seed: int) -> list[Record]:
    """``records`` trainee records of about 60 % as many people, with the truth in ``person``."""
    rng = random.Random(seed)
    regions = list(REGION_WEIGHTS)
    weights = [REGION_WEIGHTS[r] for r in regions]
    out: list[Record] = []
    person = 0
    families: dict[tuple[str, str], list[str]] = defaultdict(list)  # (region, family) → e-mails
    while len(out) < records:
        region = rng.choices(regions, weights)[0]
        countries, given, family = REGIONS[region]
        first = rng.choice(given.split())
        middle = rng.choice(given.split()) if rng.random() < 0.25 else ""
        last = rng.choice(family.split())
        sex = rng.choice(SEXES) if rng.random() > 0.04 else "other"
        year = rng.randint(1972, 2007)
        country = rng.choice(countries)
        handle = f"{first}.{last}{rng.randint(1, 9999)}".lower()
        email = f"{handle}@{rng.choice(DOMAINS)}"
        id_number = "".join(rng.choices(string.ascii_uppercase, k=2)) + str(
            rng.randint(100000, 9999999)
        )
        families[(region, last)].append(email)
        copies = rng.choices((1, 2, 3, 4), (0.55, 0.30, 0.12, 0.03))[0]
        for copy in range(copies):
            parts = [first, middle, last] if middle else [first, last]
            e = email if rng.random() < 0.8 else ""
            i = id_number if rng.random() < 0.45 else ""
            s, y, c = sex, year, country
            if copy:  # another partner's record: what it typed
                parts = [rng.choice(VARIANT_OF[p]) if p in VARIANT_OF else p for p in parts]
                if middle and rng.random() < 0.4:
                    parts.pop(1)
                if rng.random() < 0.2:
                    k = rng.randrange(len(parts))
                    parts[k] = _typo(rng, parts[k])
                if rng.random() < 0.25:
                    parts.reverse()
                if e and rng.random() < 0.35:  # another address of theirs
                    if rng.random() < 0.5:
                        e = f"{handle.replace('.', '_')}@{rng.choice(DOMAINS)}"
                    else:
                        e = f"{first[0]}{last}{year % 100}@{rng.choice(DOMAINS)}".lower()
                if e and rng.random() < 0.05:
                    local, _, domain = e.partition("@")
                    e = f"{_typo(rng, local)}@{domain}"
                if e and rng.random() < 0.01 and len(families[(region, last)]) > 1:
                    e = rng.choice(families[(region, last)])  # a sibling's family address
                if i and rng.random() < 0.05:
                    i = _typo(rng, i.lower()).upper()
                if rng.random() < 0.04:
                    y += rng.choice((-1, 1))
                if rng.random() < 0.03:
                    s = "undisclosed"
                if rng.random() < 0.05:
                    c = rng.choice(countries)
            if rng.random() < 0.5:
                parts = [p.upper() if rng.random() < 0.2 else p for p in parts]
            out.append(Record(person, " ".join(parts), e, i, "KE" if i else "", s, y, c))
        person += 1
    return out[:records]


def truth_pairs(records: list[Record]) -> set[tuple[int, int]]:
    by_person: dict[int, list[int]] = defaultdict(list)
    for n, r in enumerate(records):
        by_person[r.person].append(n)
    return {pair for members in by_person.values() for pair in combinations(members, 2)}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    import django

    django.setup()


class Encoded:
    """What digicoop keeps of each record: blind indexes, CLK profile, blocking keys."""

    def __init__(self, records: list[Record]):
        from talent import similarity
        from talent.crypto import KeyRing, generate_key, parse_keys
        from talent.identity import EMAIL, ID_NUMBER, normal_email, normal_id

        ring = KeyRing(parse_keys(generate_key()))
        key = ring.primary.similarity_key
        self.exact: list[list[bytes]] = []
        self.profiles = []
        self.keys: list[list[int]] = []
        for r in records:
            email, id_value = normal_email(r.email), normal_id(r.id_number, r.id_country)
            self.exact.append(
                ([ring.blind(EMAIL, email)] if email else [])
                + ([ring.blind(ID_NUMBER, id_value)] if id_value else [])
            )
            clk = similarity.encode(key, r.name, email, id_value)
            self.profiles.append(similarity.Profile.of(clk, r.sex, r.birth_year, r.country))
            self.keys.append(similarity.block_keys(key, r.name, r.birth_year, r.country))


def exact_groups(encoded: Encoded) -> list[int]:
    """Union of every chain of shared blind indexes: each record's group leader."""
    parent = list(range(len(encoded.exact)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[bytes, int] = {}
    for n, indexes in enumerate(encoded.exact):
        for index in indexes:
            if index in first:
                a, b = root(first[index]), root(n)
                parent[max(a, b)] = min(a, b)
            else:
                first[index] = n
    return [root(n) for n in range(len(parent))]


def fuzzy_pairs(
    encoded: Encoded, groups: list[int], queries: range, floor: float
) -> dict[tuple[int, int], float]:
    """Score each query record against earlier-stored records sharing a blocking key (as the
    registry does on import), outside its own exact group; keep scores from ``floor`` on."""
    from talent.similarity import compare

    index: dict[int, list[int]] = defaultdict(list)
    for n in range(queries.start):
        for k in encoded.keys[n]:
            index[k].append(n)
    scores: dict[tuple[int, int], float] = {}
    for n in queries:
        candidates: dict[int, int] = {}
        for k in encoded.keys[n]:
            index[k].append(n)
            holders = index[k]
            for other in holders:
                candidates[other] = min(candidates.get(other, len(holders)), len(holders))
        for other, commonness in candidates.items():
            if other == n or groups[other] == groups[n]:
                continue
            score = compare(encoded.profiles[n], encoded.profiles[other], commonness).score
            if score >= floor:
                scores[(other, n)] = score
    return scores


def pairs_of_groups(groups: list[int]) -> set[tuple[int, int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for n, g in enumerate(groups):
        members[g].append(n)
    return {pair for m in members.values() for pair in combinations(m, 2)}


def evaluate(predicted: set, truth: set) -> tuple[float, float, int]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    return precision, hits / len(truth) if truth else 1.0, len(predicted)


def run_digicoop(records: list[Record], truth: set, thresholds: list[float]) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    encoded = Encoded(records)
    encoding = time.perf_counter() - started
    groups = exact_groups(encoded)
    exact = pairs_of_groups(groups)
    t = time.perf_counter()
    scores = fuzzy_pairs(encoded, groups, range(len(records)), min(thresholds))
    scoring = time.perf_counter() - t
    results = {}
    for threshold in thresholds:
        listed = {pair for pair, s in scores.items() if s >= threshold}
        results[threshold] = {
            "overall": evaluate(exact | listed, truth),
            "review_list": evaluate(listed, truth - exact),
        }
    return {
        "exact": evaluate(exact, truth),
        "by_threshold": results,
        "encode_s": encoding,
        "score_s": scoring,
        "total_s": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
    }


def run_splink(records: list[Record], truth: set, thresholds: list[float]) -> dict:
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from talent.identity import normal_email, normal_id
    from talent.similarity import tokens

    started, cpu = time.perf_counter(), time.process_time()
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE records (unique_id INTEGER, first_name VARCHAR, surname VARCHAR, "
        "email VARCHAR, id VARCHAR, birth_year INTEGER, country VARCHAR, sex VARCHAR)"
    )
    rows = []
    for n, r in enumerate(records):
        # Plaintext, lower-cased and without accents: splink sees what partners typed.
        parts = [t for t in tokens(r.name)] or [""]
        rows.append(
            (
                n,
                parts[0],
                parts[-1] if len(parts) > 1 else None,
                normal_email(r.email) or None,
                normal_id(r.id_number, r.id_country) or None,
                r.birth_year,
                r.country,
                r.sex if r.sex in SEXES else None,
            )
        )
    con.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db_api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname"),
            cl.EmailComparison("email"),
            cl.LevenshteinAtThresholds("id", 1),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("country"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("id"),
            block_on("surname", "birth_year"),
            block_on("first_name", "birth_year"),
            block_on("first_name", "surname"),
            "l.first_name = r.surname and l.surname = r.first_name",
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(db_api.register("records"), settings, log_level="WARNING")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("id")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("surname", "birth_year")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("email"))
    predictions = linker.inference.predict(threshold_match_probability=min(thresholds))
    scored = (
        predictions.as_duckdbpyrelation()
        .select("unique_id_l, unique_id_r, match_probability")
        .fetchall()
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    pairs = [((min(a, b), max(a, b)), p) for a, b, p in scored]
    return {
        "by_threshold": {
            t: {"overall": evaluate({pair for pair, p in pairs if p >= t}, truth)}
            for t in thresholds
        },
        "total_s": elapsed,
        "cpu_s": cpu,
    }


def at_precision(curve: dict, precision: float) -> tuple[float, float, float] | None:
    """The best recall (and its threshold and precision) at a precision of at least
    ``precision``."""
    best = None
    for t, result in curve.items():
        p, r, _n = result["overall"]
        if p >= precision and (best is None or r > best[2]):
            best = (t, p, r)
    return best


def time_at_scale(stored: int, new: int, seed: int) -> dict:
    """Encode ``stored`` + ``new`` records and score the new ones against the stored."""
    records = generate(stored + new, seed + 1)
    started, cpu = time.perf_counter(), time.process_time()
    encoded = Encoded(records)
    encode_s = time.perf_counter() - started
    groups = exact_groups(encoded)
    t = time.perf_counter()
    from talent.similarity import REVIEW_THRESHOLD

    scores = fuzzy_pairs(encoded, groups, range(stored, stored + new), REVIEW_THRESHOLD)
    return {
        "stored": stored,
        "new": new,
        "encode_all_s": encode_s,
        "encode_per_record_us": encode_s / len(records) * 1e6,
        "score_new_s": time.perf_counter() - t,
        "cpu_total_s": time.process_time() - cpu,
        "listed": len(scores),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--scale", type=int, default=0, help="stored records for the timing")
    parser.add_argument("--new", type=int, default=100_000)
    args = parser.parse_args(argv)
    _setup_django()
    if args.scale:
        print(time_at_scale(args.scale, args.new, args.seed))
        return
    records = generate(args.records, args.seed)
    truth = truth_pairs(records)
    people = len({r.person for r in records})
    print(f"{len(records):,} records of {people:,} people; {len(truth):,} true pairs")
    from talent.similarity import REVIEW_THRESHOLD

    ours = run_digicoop(
        records, truth, sorted({4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0, REVIEW_THRESHOLD})
    )
    print(f"digicoop exact links only: precision/recall/pairs {ours['exact']}")
    for t, result in sorted(ours["by_threshold"].items()):
        p, r, n = result["overall"]
        lp, lr, ln = result["review_list"]
        print(
            f"digicoop t={t:>5}: overall precision {p:.4f} recall {r:.4f} ({n:,} pairs); "
            f"review list precision {lp:.4f} recall {lr:.4f} ({ln:,} pairs)"
        )
    print(
        f"digicoop time: encode {ours['encode_s']:.1f}s, score {ours['score_s']:.1f}s, "
        f"total {ours['total_s']:.1f}s (CPU {ours['cpu_s']:.1f}s)"
    )
    if args.skip_splink:
        return
    try:
        import splink  # noqa: F401
    except ImportError:
        print("splink is not installed (pip install -e '.[bench]'): digicoop only")
        return
    probabilities = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999]
    theirs = run_splink(records, truth, probabilities)
    for t, result in sorted(theirs["by_threshold"].items()):
        p, r, n = result["overall"]
        print(f"splink   p>={t:<6}: precision {p:.4f} recall {r:.4f} ({n:,} pairs)")
    print(f"splink time: total {theirs['total_s']:.1f}s (CPU {theirs['cpu_s']:.1f}s)")
    p, r, _n = ours["by_threshold"][REVIEW_THRESHOLD]["overall"]
    match = at_precision(theirs["by_threshold"], p)
    print(
        f"digicoop at its operating threshold {REVIEW_THRESHOLD}: precision {p:.4f} recall {r:.4f}"
    )
    if match:
        print(
            f"splink at precision >= {p:.4f}: p>={match[0]} precision {match[1]:.4f} "
            f"recall {match[2]:.4f}"
        )
    else:
        print(f"splink reaches no threshold with precision >= {p:.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
