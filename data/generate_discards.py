#!/usr/bin/env python3
"""Writes data/discards.txt from PETRARCH2's Phoenix.discards.txt.

Usage: python3 data/generate_discards.py PATH/TO/Phoenix.discards.txt > /tmp/d && mv /tmp/d data/discards.txt

The phrases are facts about which stories and sentences a dictionary coder skips
(sport, entertainment, disease, weather, history). Kept: the phrase, lowercased, and
whether it discards the whole story ('+') or only its sentence. Dropped: the coders'
initials and dates, bare years, phrases of fewer than four letters, and phrases about
time, history, disasters, disease and politics (`KEEP_OUT`): a sentence naming "two years
ago", "the tsunami" or "World War Two" may still report a present act (asylum granted,
aid sent, a demand for an apology), which PETRARCH's sentence filter would lose.
"""
import os
import re
import sys

HEADER = """# Phrases whose sentence (or, marked `story`, whose article) reports no political event.
# Derived from Phoenix.discards.txt of the PETRARCH2 dictionaries (openeventdata/petrarch2,
# MIT, (c) 2015 Open Event Data Alliance) by data/generate_discards.py; lowercased, coders'
# notes removed. A hand-curated block follows the generated one (see the end of the file).
# scope\tphrase"""


KEEP_OUT = re.compile(
    r"\b(ago|later|years|century|millennium|19\d\d|20\d\d|war|wars|empire|harbor|napoleonic"
    r"|pharaoh|mummy|bataan|veteran|tsunami|earthquake|quake|flood|landslide|mudslide|blizzard"
    r"|flu|influenza|ebola|polio|cholera|epidemic|pollution|bacteria|chickungunga|h5n1"
    r"|capsized|plunged|ravine|accident|mine|medical|poll|debate|recount|vote|presidential"
    r"|court|nobel|prize|award|rushdie|hill|north|teresa|qasim|kimjongilism|bomb|deranged)\b"
)


HAND = "# Hand-curated (newsworker)"


def main(path):
    out, seen = [], set()
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        story = line.lstrip().startswith("+")
        phrase = line.strip().lstrip("+").strip().rstrip("_").strip()
        phrase = re.sub(r"\s+", " ", phrase).lower()
        if re.fullmatch(r"[0-9 ]+", phrase) or sum(c.isalpha() for c in phrase) < 4:
            continue
        if KEEP_OUT.search(phrase) or phrase in seen:
            continue
        seen.add(phrase)
        out.append(("story" if story else "sentence", phrase))
    # The hand-curated block at the end of the current file is kept as it is.
    hand = ""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "discards.txt")
    if os.path.exists(here):
        text = open(here, encoding="utf-8").read()
        at = text.find(HAND)
        hand = text[at:] if at >= 0 else ""
    print(HEADER)
    for scope, phrase in out:
        print(f"{scope}\t{phrase}")
    sys.stdout.write(hand)


if __name__ == "__main__":
    main(sys.argv[1])
