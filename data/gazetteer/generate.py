#!/usr/bin/env python3
"""Regenerate the generated gazetteer files from the reference sources.

Run by hand when the sources change: python3 data/gazetteer/generate.py REFERENCE_DIR
The extractor never reads the sources; it embeds the generated TSV files.
Hand-curated files (organisations.tsv, groups.tsv, metonyms.tsv, agents.tsv,
places.tsv, parties.tsv, leaders.tsv) are edited directly and are not touched by this script.
"""
import json
import re
import sys
from pathlib import Path

ref = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference")
out = Path(__file__).resolve().parent

countries = json.load(open(ref / "world-countries/countries.json", encoding="utf-8"))
iso3 = {c["cca3"] for c in countries}

# Phoenix aliases that are ordinary English words or too ambiguous to be a country mention.
STOP = {
    "NILE", "DANE", "DANES", "GOBI", "CENTRAL", "NORTH", "SOUTH", "EAST", "WEST", "GEORGIA",
    "JERSEY", "GUERNSEY", "UNION", "REPUBLIC", "KINGDOM", "STATE", "STATES", "ISLAND", "ISLANDS",
    "COAST", "PLA", "CHANCE", "VICTORIA", "WELLINGTON", "HAMILTON", "KINGSTON", "GEORGETOWN",
    "COLUMBIA", "PARIS_TEXAS", "PERTH", "DURHAM", "CAMBRIDGE", "OXFORD", "RICHMOND", "SALEM",
    "THE_GRAVEYARD_OF_EMPIRES", "ORANGE", "MONTANA", "NEVADA", "FLORIDA", "TEXAS", "CONGRESS",
    "SENATE", "PARLIAMENT", "GOVERNMENT", "PRESIDENT", "ARMY", "POLICE", "MILITARY", "NAVY",
    "MARINES", "CABINET", "MINISTRY", "FOREIGN_MINISTRY", "SUPREME_COURT", "SUPREME_COURT_JUSTICES",
}


SMALL_WORDS = {"tel", "port", "bet", "beit", "umm", "dar", "of", "de", "la", "el", "al", "du", "da", "di", "the", "and", "le", "y", "new", "san", "las", "los", "bin", "ibn", "abu", "bay", "sri", "del", "von", "van", "der", "den", "des", "ben", "mohammad", "ali", "kim", "lee", "hun", "sen", "ban", "bah", "mir", "ould", "sao", "sar", "dar", "es", "st", "port", "old", "red", "sea", "gaza", "nur", "nou", "do", "dos", "ho", "chi", "min", "ngo", "tan", "li", "wu", "hu", "xi", "ma"}


FUNCTION_WORDS = {"of", "the", "and", "for", "in", "on", "to", "de", "la", "el", "du", "da", "di", "le", "y", "del", "des", "los", "las", "against", "from", "with"}


# Place aliases that are also ordinary words or first names at the start of a sentence.
AMBIGUOUS = {
    "island", "male", "pole", "doris", "kiwi", "bale", "bara", "mann", "moron", "murray", "saga", "tara", "natal",
    "urga", "finn", "sana", "reunion", "chiba", "nara", "gand", "luta", "luda", "tegu", "hippo", "fuego", "imperial",
    "oran", "eyre", "linz", "brest", "susa", "patika", "naze", "zuun", "laudo", "galan", "lund",
    "vitoria",  # also the Basque capital (Vitoria-Gasteiz)
}


def pretty(tok: str) -> str:
    tok = tok.strip().strip("_").replace("_", " ")
    tok = re.sub(r"\s+", " ", tok)
    words = []
    for w in tok.split(" "):
        bare = w.replace(".", "").replace(",", "")
        # Function words inside a name stay lower case ("Movement for the Emancipation
        # of the Niger Delta"), or the case-sensitive matcher never sees the name.
        if words and w.lower() in FUNCTION_WORDS:
            words.append(w.lower())
            continue
        if "." in w and len(bare) <= 5:
            words.append(w.upper())  # dotted acronyms: U.S., D.C.
            continue
        # Two vowels make a short word a name, not an acronym ("Rio", "Mai"; but "UAE").
        vowels = sum(c in "AEIOUaeiou" for c in bare)
        if len(bare) <= 3 and bare.isalpha() and bare.lower() not in SMALL_WORDS and (vowels < 2 or bare.upper() == "UAE" or set(bare.upper()) <= set("IVXL")):
            words.append(w.upper())  # US, UK, UAE
            continue
        if len(w) <= 2 and w.isalpha() and w.lower() in {"of", "de", "la", "el", "al", "du", "da", "di", "the", "and", "le", "y"}:
            words.append(w.lower())
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    s = " ".join(words)
    return s[:1].upper() + s[1:]


def surface(tok: str) -> str:
    """Phoenix writes names in capitals; single short tokens are kept as acronyms."""
    raw = tok.strip().strip("_")
    if "_" not in raw and len(raw) <= 4 and raw.isalpha():
        return raw
    return pretty(raw)


def clean(s: str) -> str:
    return s.replace("\t", " ").replace("|", " ").strip()


# --- Phoenix country blocks, institutions and people -------------------------------------
phoenix_country_alias = {}
phoenix_entities = []  # (name, aliases, code)
lines = open(ref / "petrarch2-dictionaries/Phoenix.Countries.actors.txt", encoding="utf-8", errors="replace").read().splitlines()
cur = None
for line in lines:
    if not line.strip() or line.startswith("#"):
        continue
    m = re.match(r"^([^\s\[+#][^\s\[#]*)\s*(?:\[([A-Z]{3})\])?", line)
    if m and not line.startswith("\t") and not line.startswith(" "):
        name = m.group(1)
        person = "CountryInfo" in line
        cur = {"name": name, "aliases": [], "codes": [], "country": m.group(2), "person": person}
        phoenix_entities.append(cur)
        continue
    if line.startswith("+") and cur is not None:
        cur["aliases"].append(line[1:].split("#")[0].strip())
        continue
    if cur is not None:
        for code in re.findall(r"\[([A-Z]{3,12})(?:\s+([<>]?[0-9-]+))?\]", line):
            cur["codes"].append(code)

for e in phoenix_entities:
    if e["country"] in iso3:
        names = [e["name"]] + e["aliases"]
        phoenix_country_alias.setdefault(e["country"], []).extend(
            n.strip("_ ") for n in names if n.strip("_ ").upper() not in STOP and len(n.strip("_ ")) >= 4
        )

AGENT_KIND = {
    "GOV": "government", "MIL": "military", "COP": "police", "REB": "rebel", "OPP": "opposition",
    "PTY": "party", "LEG": "government", "JUD": "judiciary", "ELI": "elite", "BUS": "business",
    "MED": "media", "CVL": "civilian", "EDU": "education", "SPY": "intelligence", "INS": "rebel",
    "UAF": "militia", "IGO": "igo", "NGO": "ngo", "HLH": "health", "REF": "refugees", "LAB": "labour",
}

people, institutions = [], []
for e in phoenix_entities:
    if e["country"] or not e["codes"]:
        continue
    code, dates = e["codes"][-1]
    cc = code[:3]
    if cc not in iso3:
        continue
    kind = AGENT_KIND.get(code[3:6], "government" if len(code) == 3 else "other")
    name = pretty(e["name"])
    if e["person"]:
        if len(name.split()) < 2:
            continue
        people.append((name, kind, cc, code))
    else:
        if e["name"].strip("_").upper() in STOP:
            continue
        als = [surface(a) for a in e["aliases"] if a.strip("_ ").upper() not in STOP and len(a.strip("_ ")) >= 3]
        institutions.append((name, kind, cc, als))

HEADER_PHOENIX = "# Derived from the Phoenix actor dictionaries (openeventdata/petrarch2, MIT, (c) 2014 Open Event Data Alliance).\n"
HEADER_WC = "# Derived from world-countries 5.1.0 (mledoze/countries, ODbL 1.0; attribution: Mohammed Le Doze and contributors) and the Phoenix country dictionary (openeventdata/petrarch2, MIT).\n# This derived database is made available under the ODbL 1.0.\n"

# A bare name news uses for another state than the sources give it: in wire copy "Congo"
# alone ("GOMA, Congo (AP)", "eastern Congo") is nearly always the Democratic Republic of
# the Congo, the larger and far more reported state; the Republic of the Congo keeps
# "Republic of Congo", "Congo-Brazzaville" and "Brazzaville".
NEWS_NAME = {"Congo": "COD"}

with open(out / "countries.tsv", "w", encoding="utf-8") as f:
    f.write(HEADER_WC)
    f.write("# iso3\tname\tnames (|)\tadjectives and demonyms (|)\tcapitals (|)\n")
    # Sovereign states first: a demonym shared with a territory ("French") means the state.
    for c in sorted(countries, key=lambda c: (not c.get("unMember", False), c["cca3"])):
        dem = c.get("demonyms", {}).get("eng", {})
        demonyms = {dem[k].upper() for k in ("m", "f") if dem.get(k)}
        def adjective(a):
            a = a.upper().replace("_", " ").strip()
            return a in demonyms or a.rstrip("S") in demonyms or a.endswith(("IAN", "ESE", "ISH", "ANI", "IANS"))
        names = [c["name"]["common"], c["name"]["official"]]
        names += [a for a in c.get("altSpellings", []) if len(a) > 3 and a.isascii()]
        names += [pretty(a) for a in phoenix_country_alias.get(c["cca3"], []) if not adjective(a)]
        names = [n for n in names if NEWS_NAME.get(clean(n), c["cca3"]) == c["cca3"]]
        names += [n for n, code in NEWS_NAME.items() if code == c["cca3"]]
        adjs = [dem[k] for k in ("m", "f") if dem.get(k)]
        adjs += [pretty(a) for a in phoenix_country_alias.get(c["cca3"], []) if adjective(a)]
        caps = [x for x in c.get("capital", []) if x]
        seen = set(AMBIGUOUS)
        def uniq(xs):
            res = []
            for x in xs:
                x = clean(x)
                if x and x.lower() not in seen:
                    seen.add(x.lower())
                    res.append(x)
            return res
        f.write("\t".join([c["cca3"], clean(c["name"]["common"]), "|".join(uniq(names)), "|".join(uniq(adjs)), "|".join(uniq(caps))]) + "\n")

with open(out / "people.tsv", "w", encoding="utf-8") as f:
    f.write(HEADER_PHOENIX)
    f.write("# person\tkind (latest agent type)\tcountry iso3\tlatest Phoenix code\n")
    seen = set()
    for p in sorted(people):
        if p[0].lower() in seen:
            continue
        seen.add(p[0].lower())
        f.write("\t".join(p) + "\n")

with open(out / "institutions.tsv", "w", encoding="utf-8") as f:
    f.write(HEADER_PHOENIX)
    f.write("# name\tkind\tcountry iso3\taliases (|)\n")
    for name, kind, cc, als in sorted(institutions):
        f.write("\t".join([clean(name), kind, cc, "|".join(clean(a) for a in als)]) + "\n")

# Armed non-state groups from the Phoenix MilNonState dictionary.
groups = []
cur = None
for line in open(ref / "petrarch2-dictionaries/Phoenix.MilNonState.actors.txt", encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    if line.startswith("+") and cur:
        cur[3].append(line[1:].split("#")[0].strip())
        continue
    m = re.match(r"^([^\s\[+#]\S*)\s*\[([A-Z]{3})([A-Z]*)", line)
    if m:
        cur = [pretty(m.group(1)), m.group(2), m.group(3), []]
        groups.append(cur)
    else:
        cur = None
with open(out / "armed_groups.tsv", "w", encoding="utf-8") as f:
    f.write(HEADER_PHOENIX)
    f.write("# name\tkind\tcountry iso3 (empty when transnational)\taliases (|)\n")
    for name, cc, ag, als in sorted(groups):
        if "(" in name:
            name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
        f.write("\t".join([clean(name), "rebel", cc if cc in iso3 else "", "|".join(clean(surface(a)) for a in als if len(a.strip('_')) >= 3)]) + "\n")
print("ok", len(countries), len(people), len(institutions), len(groups))
