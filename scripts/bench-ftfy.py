#!/usr/bin/env python3
"""Corpus generation and the ftfy side of scripts/bench-ftfy.sh.

  gen OUT.jsonl [--articles N] [--seed S]   write the corpus
  ftfy CORPUS OUT.jsonl                     run ftfy.fix_text on every body
  cli BINARY CORPUS OUT.json                time `newsworker normalize --no-events`
                                            on the clean and the damaged articles
  compare CORPUS NEWSWORKER.jsonl FTFY.jsonl [CLI.json]
                                            print throughput ratios and agreement

Each corpus line: {"id", "kind": "clean"|"damaged", "damage", "body", "original"}.
Damage is made the way broken pipelines make it: the UTF-8 bytes of correct text
decoded through a legacy charset (WHATWG tables: undefined bytes become C1
controls), sometimes twice, sometimes only in some paragraphs, and for
Windows-874 the seed article's lossy form (continuation bytes dropped).
"""
import json
import os
import random
import sys
import time
import unicodedata

PARAGRAPHS = {
    "en": [
        "The president’s office said on Tuesday that the talks—held behind closed doors in Geneva—had “made real progress”, but officials declined to give details.",
        "“We’re not there yet,” one diplomat said. “But the alternative is worse: another winter of shelling, and no one’s willing to pay for that.”",
        "Analysts at the bank expect inflation to ease to 2.4% by the end of the year, although energy prices remain volatile… and the central bank’s next move is far from certain.",
        "Residents of the coastal town, which was evacuated twice last year, say they’ve heard promises before. “They come, they take photos, they leave,” said María José Ibáñez, 54.",
        "The company’s shares fell 7% in early trading after it cut its forecast, citing weaker demand in Europe and a strike at its plant near São Paulo.",
        "Zürich-based researchers said the vaccine’s efficacy was “consistent across age groups”, a finding that could speed approval in the EU and the UK.",
    ],
    "fr": [
        "Le président a déclaré mardi que l’économie française « résiste mieux que prévu », malgré la hausse des taux d’intérêt et le ralentissement en Allemagne.",
        "À Marseille, les habitants du quartier réclament depuis des années la rénovation des bâtiments, dont certains menacent de s’effondrer.",
        "« Nous n’avons pas été consultés », a regretté le maire, qui dénonce une décision prise « à la hâte » par le gouvernement.",
    ],
    "es": [
        "El Gobierno aprobó este martes una reforma que, según el ministro de Economía, permitirá crear más de 200.000 empleos en los próximos dos años.",
        "«No vamos a aceptar más recortes», afirmó la portavoz del sindicato, que convocó una huelga para el próximo jueves en Barcelona y Málaga.",
    ],
    "pt": [
        "O governo de São Paulo anunciou nesta terça-feira um plano de investimentos em saúde e educação, após críticas da oposição à gestão da crise.",
        "“Não há espaço para improvisação”, disse o secretário, que prometeu ações imediatas nas regiões mais afetadas pelas chuvas.",
    ],
    "de": [
        "Die Bundesregierung hat am Dienstag ein neues Förderprogramm für Wärmepumpen beschlossen, das vor allem Haushalte mit geringem Einkommen entlasten soll.",
        "„Wir müssen schneller werden“, sagte die Ministerin in Köln. Kritiker bemängeln, die Maßnahmen kämen zu spät und seien zu bürokratisch.",
    ],
    "pl": [
        "Rząd przyjął we wtorek projekt ustawy, który ma zwiększyć nakłady na obronność do 4% PKB. Minister podkreślił, że „bezpieczeństwo nie ma ceny”.",
        "Mieszkańcy Łodzi i Gdańska skarżą się na rosnące ceny energii, a eksperci ostrzegają przed kolejnymi podwyżkami zimą.",
    ],
    "cs": [
        "Vláda v úterý schválila návrh rozpočtu, který počítá se schodkem 230 miliard korun. Ministr financí označil návrh za „odpovědný“.",
    ],
    "ru": [
        "Президент заявил во вторник, что переговоры «продвигаются», однако отказался назвать сроки подписания соглашения.",
        "Жители пострадавших районов жалуются на отсутствие электричества и воды; власти обещают восстановить снабжение в течение недели.",
    ],
    "uk": [
        "Уряд України ухвалив рішення про підвищення мінімальної зарплати з 1 січня, повідомив прем’єр-міністр у Києві.",
    ],
    "el": [
        "Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα στήριξης για τα νοικοκυριά, καθώς οι τιμές της ενέργειας παραμένουν υψηλές.",
    ],
    "zh": [
        "外交部发言人周二表示，中方愿与各方一道，推动局势尽快降温，并呼吁有关各方保持克制。",
    ],
    "ja": [
        "政府は火曜日、物価高対策として新たな経済対策を発表した。首相は「国民生活を守る」と強調した。",
    ],
    "th": [
        "รัฐบาลประกาศมาตรการช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วม โดยจะเริ่มจ่ายเงินชดเชยในเดือนหน้า",
    ],
}

# More paragraphs of the same languages from the project's correct-text test
# fixture (written for this project), so that articles are not a handful of
# sentences repeated.
FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "correct-text.tsv")
with open(FIXTURE, encoding="utf-8") as _f:
    for _line in _f:
        if _line.startswith("#") or "\t" not in _line:
            continue
        _lang, _para = _line.rstrip("\n").split("\t", 1)
        if _lang in PARAGRAPHS:
            PARAGRAPHS[_lang].append(_para)

# Charsets a damaged article goes through, with the languages it is usually
# paired with in the wild (and English, which every feed carries).
DAMAGE = [
    ("windows-1252", ["en", "fr", "es", "pt", "de"]),
    ("latin-1", ["en", "fr", "es", "de"]),
    ("macroman", ["en", "fr", "de"]),
    ("windows-1250", ["pl", "cs", "de", "en"]),
    ("windows-1251", ["ru", "uk", "en"]),
    ("windows-874", ["th", "en"]),
    ("double-windows-1252", ["en", "fr", "es", "pt", "de"]),
    ("mixed-windows-1252", ["en", "fr", "es", "pt", "de"]),
    ("cjk-windows-1252", ["zh", "ja", "el", "ru"]),
    ("lossy-windows-874", ["en"]),
]

CODECS = {
    "windows-1252": "cp1252",
    "latin-1": "latin-1",
    "macroman": "mac_roman",
    "windows-1250": "cp1250",
    "windows-1251": "cp1251",
    "windows-874": "cp874",
}


def misdecode(text, charset):
    """UTF-8 bytes of `text` read through `charset`, WHATWG-style."""
    codec = CODECS[charset]
    out = []
    for b in text.encode("utf-8"):
        if b < 0x80:
            out.append(chr(b))
            continue
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))  # undefined byte: the C1 control of the same value
    return "".join(out)


def lossy_874(text):
    """The seed article's damage: ’ “ ” — read through Windows-874 kept only
    their lead byte E2, which is Thai โ; the rest of the text survived."""
    return text.translate({0x2019: "\u0e42", 0x201C: "\u0e42", 0x201D: "\u0e42", 0x2014: "\u0e42"})


def article(rng, lang, min_bytes=2500):
    paras = []
    while sum(len(p.encode()) for p in paras) < min_bytes:
        paras.append(rng.choice(PARAGRAPHS[lang]))
    return "\n\n".join(paras)


def damage(rng, text, kind):
    if kind == "double-windows-1252":
        return misdecode(misdecode(text, "windows-1252"), "windows-1252")
    if kind == "mixed-windows-1252":
        paras = text.split("\n\n")
        return "\n\n".join(
            misdecode(p, "windows-1252") if rng.random() < 0.5 else p for p in paras
        )
    if kind == "cjk-windows-1252":
        return misdecode(text, "windows-1252")
    if kind == "lossy-windows-874":
        return lossy_874(text)
    return misdecode(text, kind)


def gen(out_path, n=2000, seed=7):
    rng = random.Random(seed)
    langs = list(PARAGRAPHS)
    with open(out_path, "w", encoding="utf-8") as out:
        for i in range(n):
            if i % 2 == 0:
                lang = rng.choice(langs)
                text = article(rng, lang)
                rec = {"kind": "clean", "damage": None, "body": text, "original": text}
            else:
                kind, kind_langs = DAMAGE[(i // 2) % len(DAMAGE)]
                text = article(rng, rng.choice(kind_langs))
                broken = damage(rng, text, kind)
                rec = {"kind": "damaged", "damage": kind, "body": broken, "original": text}
            rec["id"] = f"a{i}"
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def run_ftfy(corpus, out_path):
    import ftfy

    docs = [json.loads(l) for l in open(corpus, encoding="utf-8")]
    total = {"clean": [0, 0.0], "damaged": [0, 0.0]}
    results = []
    for d in docs:
        t0 = time.perf_counter()
        fixed = ftfy.fix_text(d["body"], uncurl_quotes=False)
        dt = time.perf_counter() - t0
        total[d["kind"]][0] += len(d["body"].encode())
        total[d["kind"]][1] += dt
        results.append({"id": d["id"], "text": fixed})
    with open(out_path, "w", encoding="utf-8") as out:
        for r in results:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        stats = {k: {"bytes": v[0], "seconds": v[1]} for k, v in total.items()}
        out.write(json.dumps({"stats": stats, "version": ftfy.__version__}) + "\n")


def run_cli(binary, corpus, out_path):
    """The whole command, as a backfill runs it: one process per kind, JSONL
    in, normalised records out (parsing, repair, language, ids; no
    extractor). MB/s counts the bodies' bytes, as the other two columns do."""
    import subprocess
    import tempfile

    docs = [json.loads(l) for l in open(corpus, encoding="utf-8")]
    stats = {}
    for kind in ("clean", "damaged"):
        rows = [d for d in docs if d["kind"] == kind]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            for d in rows:
                f.write(json.dumps({"id": d["id"], "body": d["body"]}, ensure_ascii=False) + "\n")
            path = f.name
        t0 = time.perf_counter()
        done = subprocess.run(
            [binary, "normalize", "--no-events", path],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        dt = time.perf_counter() - t0
        os.unlink(path)
        assert done.stdout.count(b"\n") == len(rows), "one record per article"
        stats[kind] = {"bytes": sum(len(d["body"].encode()) for d in rows), "seconds": dt}
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump({"stats": stats}, out)


def canon(text):
    """Compare texts as the normaliser's contract shapes them: NFC, paragraphs
    as one space, runs of whitespace collapsed, no control characters."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cc" or c in "\n\t ")
    return " ".join(text.split())


def load(path):
    rows, stats = {}, None
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if "stats" in r:
            stats = r
        else:
            rows[r["id"]] = r["text"]
    return rows, stats


def compare(corpus, nw_path, ftfy_path, cli_path=None):
    docs = [json.loads(l) for l in open(corpus, encoding="utf-8")]
    nw, nw_stats = load(nw_path)
    ff, ff_stats = load(ftfy_path)
    mbps = lambda s, k: s["stats"][k]["bytes"] / s["stats"][k]["seconds"] / 1e6
    print(f"ftfy {ff_stats['version']}, newsworker {nw_stats.get('version', '?')}")
    print(f"{'':10} {'newsworker MB/s':>16} {'ftfy MB/s':>10} {'ratio':>8}")
    for k in ("clean", "damaged"):
        a, b = mbps(nw_stats, k), mbps(ff_stats, k)
        print(f"{k:10} {a:16.1f} {b:10.2f} {a / b:7.0f}x")
    if cli_path:
        cli = json.load(open(cli_path, encoding="utf-8"))
        print(f"\n{'':10} {'normalize --no-events MB/s':>27} {'ftfy MB/s':>10} {'ratio':>8}")
        for k in ("clean", "damaged"):
            a, b = mbps(cli, k), mbps(ff_stats, k)
            print(f"{k:10} {a:27.1f} {b:10.2f} {a / b:7.0f}x")
        print()
    tot = lambda s: sum(v["bytes"] for v in s["stats"].values()) / sum(
        v["seconds"] for v in s["stats"].values()
    ) / 1e6
    print(f"{'all':10} {tot(nw_stats):16.1f} {tot(ff_stats):10.2f} {tot(nw_stats) / tot(ff_stats):7.0f}x")

    by = {}
    for d in docs:
        key = d["damage"] or "clean"
        s = by.setdefault(key, {"n": 0, "agree": 0, "nw_ok": 0, "ftfy_ok": 0})
        want = canon(d["original"])
        a, b = canon(nw[d["id"]]), canon(ff[d["id"]])
        s["n"] += 1
        s["agree"] += a == b
        s["nw_ok"] += a == want
        s["ftfy_ok"] += b == want
    print(f"\n{'damage':22} {'n':>5} {'agree':>7} {'nw correct':>11} {'ftfy correct':>13}")
    agg = {"n": 0, "agree": 0, "nw_ok": 0, "ftfy_ok": 0}
    agg_ftfy_fixable = dict(agg)
    for key, s in sorted(by.items()):
        pct = lambda x: f"{100 * x / s['n']:.1f}%"
        print(f"{key:22} {s['n']:5} {pct(s['agree']):>7} {pct(s['nw_ok']):>11} {pct(s['ftfy_ok']):>13}")
        if key != "clean":
            for k in agg:
                agg[k] += s[k]
                if key != "lossy-windows-874" and key != "windows-874":
                    agg_ftfy_fixable[k] += s[k]
    for name, a in (("all damaged", agg), ("damaged, excl. 874", agg_ftfy_fixable)):
        pct = lambda x: f"{100 * x / a['n']:.1f}%"
        print(f"{name:22} {a['n']:5} {pct(a['agree']):>7} {pct(a['nw_ok']):>11} {pct(a['ftfy_ok']):>13}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "gen":
        n = int(args[args.index("--articles") + 1]) if "--articles" in args else 2000
        seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 7
        gen(args[0], n, seed)
    elif cmd == "ftfy":
        run_ftfy(args[0], args[1])
    elif cmd == "cli":
        run_cli(args[0], args[1], args[2])
    elif cmd == "compare":
        compare(*args[:4])
    else:
        sys.exit(f"unknown command {cmd}")
