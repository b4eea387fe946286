"""Article understanding: each article, with or without front matter, read into an inspection record.

A record holds what an article says about one inspection: the council, the headline, when the
article was published, when the inspection was, the overall grade, the grade of each judgement
area it names, earlier grades with their years, and the people named with their roles. Every
field keeps the sentence it was read from, so an answer built from it can be cited.

The language work is spaCy's (sentences, entities, lemmas, the parse; `index.nlp`); what is
Ofsted's and England's (grades, judgement areas, councils, roles) is data in `index/data/`.
Front matter, where present, overrides a field (its sentence is then empty).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import nlp

DATA = Path(__file__).resolve().parent / "data"
# The version of how articles are read into records: an index built by another version is
# rebuilt (`python -m index build --rebuild`), since its records and chunk metadata are stale.
RECORDS_VERSION = 61
# Words near a grade that make it a grade ("rated ‘good’", "judged outstanding", "good overall").
RATING_WORDS = frozenset("rate rating judge judgement judgment grade graded overall find deem score award receive "
                         "achieve retain maintain keep get remain ofsted effectiveness downgrade upgrade improve "
                         "move rise fall drop slip climb lift return brand label declare "
                         "rated judged graded branded labelled".split())  # and as written
# Words before a grade that make it a hope, not a result ("its ambition to be outstanding").
ASPIRATION_WORDS = frozenset("aim ambition aspire aspiration strive goal hope want journey target towards toward "
                             "become push bid next".split())
EARLIER_WORDS = frozenset("previous previously prior earlier former formerly last from since lose cost once ago".split())
CONTRAST_WORDS = frozenset("however but although though yet".split())
SERVICE_WORDS = frozenset("service council authority".split())  # what a grade is of
GRADE_NOUNS = frozenset("grade rating judgement judgment verdict mark score".split())  # what "the same …" recalls
INSPECTION_WORDS = frozenset("inspect inspection inspector visit ofsted".split())
LATEST_WORDS = frozenset("latest recent".split())
NEXT_WORDS = frozenset("next upcoming future".split())  # an inspection still to come
RIVAL_SHARE = 0.75  # a council named at least this share as often as the most named one may be the article's
EVENT_WORDS = frozenset("inspection report result outcome visit department".split())  # what a grade word may describe
COUNCIL_TYPES = ("metropolitan", "borough", "county", "city", "district", "royal")
AREA_REACH = 8  # parse-tree steps at most between an area and the grade said of it
GRADE_WINDOW = 4  # tokens either side of a grade searched for rating words
HEADING_WORDS = 8  # a sub-heading's length at most
DASHES = ("–", "—", " - ")  # a dash between words (a hyphen only spaced: "well-led" is one word)
BULLETS = ("-", "•", "*", "·", "–")  # what opens a bulleted line
QUOTE_MARKS = "\"'“”‘’"  # a line opening or closing with one (a quoted heading: "'At breaking point'")
SPEECH_VERBS = frozenset("say tell add warn describe call".split())
# What a person named with no role may be doing to count as someone quoted ("X said", "X asked");
# not "describe" / "call", which also name things ("a scheme called Gransworth Together").
SPOKE_VERBS = SPEECH_VERBS - {"describe", "call"} | {"ask"}
# A news article is 2-6k characters; what an article says about its inspection is in its first
# 20k (a pasted report or a 5 MB file is parsed no further: spaCy takes ~1 s per 10k words here).
MAX_READ_CHARS = 20_000


@dataclass
class Fact:
    """A value read from an article, with the sentence it came from ("" for front matter)."""

    value: str
    sentence: str = ""


@dataclass
class AreaGrade:
    area: str  # a name from data/areas.txt ("children in care")
    grade: str  # a name from data/grades.txt ("outstanding")
    sentence: str = ""


@dataclass
class EarlierGrade:
    grade: str
    year: str = ""  # "2018", or "" when the article only says "previously"
    sentence: str = ""
    area: str = ""  # the judgement area it graded ("down from good in 2018" of children in care), "" overall


@dataclass
class Person:
    name: str
    role: str = ""
    sentence: str = ""
    left: bool = False  # the sentence says they left the role ("… retired in December 2022")
    follows: str = ""  # the person they took over from ("… will be succeeded by Owen Gallagher")
    follows_sentence: str = ""  # ...and the sentence that says so


@dataclass
class Finding:
    kind: str  # "improve" or "praised" (data/findings.txt)
    text: str  # the item: a bullet's text, or the sentence
    sentence: str = ""  # what to cite: the bullet line, or the sentence


@dataclass
class InspectionRecord:
    """What one article says about one inspection."""

    source: str
    headline: str = ""
    council: Fact | None = None
    published: Fact | None = None  # ISO date, as precise as stated
    inspected: Fact | None = None  # ISO year or year-month of the inspection
    overall: Fact | None = None  # the overall grade
    areas: list[AreaGrade] = field(default_factory=list)
    earlier: list[EarlierGrade] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what inspectors praised / asked to improve
    figures: list[str] = field(default_factory=list)  # the sentences giving most figures (caseloads, shares, costs)
    author: Fact | None = None  # who wrote it, as its byline gives them ("Bryony Tate, chief executive of …")
    # the years back to an earlier inspection, as a grade's sentence counts them ("four years after
    # inspectors found …", "six years ago the same service was judged inadequate"): an undated
    # article is dated by that inspection's year (see qa.records)
    gap: Fact | None = None
    # a part of an article about several councils' inspections (a round-up) that is not its main
    # one, and where in the article's text that part stands ([start, end) character offsets)
    side: bool = False
    spans: list[list[int]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Its id in the store: the article's name, and the council for a side part."""
        return f"{self.source}#{self.council.value}" if self.side and self.council else self.source

    @property
    def recalled(self) -> list[EarlierGrade]:
        """The earlier overall grades the article recalls (not an area's: "… down from good")."""
        return [e for e in self.earlier if not e.area]

    @property
    def when(self) -> str:
        """The best date for ordering: the inspection's, else the publication's."""
        for fact in (self.inspected, self.published):
            if fact and fact.value[:4].isdigit():
                return fact.value
        return ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "InspectionRecord":
        d = json.loads(text)
        return cls(source=d["source"], headline=d.get("headline", ""),
                   **{k: Fact(**d[k]) if d.get(k) else None
                      for k in ("council", "published", "inspected", "overall", "author", "gap")},
                   areas=[AreaGrade(**a) for a in d.get("areas", [])],
                   earlier=[EarlierGrade(**e) for e in d.get("earlier", [])],
                   people=[Person(**p) for p in d.get("people", [])],
                   findings=[Finding(**f) for f in d.get("findings", [])], figures=d.get("figures", []),
                   side=d.get("side", False), spans=d.get("spans", []))


# ----- data ---------------------------------------------------------------------------------
def _read_table(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append([part.strip() for part in line.split("|") if part.strip()])
    return rows


@lru_cache(maxsize=1)
def councils() -> dict[str, str]:
    """Every known wording of an English council -> its short name."""
    return {alias: row[0] for row in _read_table("councils.txt") for alias in row}


@lru_cache(maxsize=1)
def grades() -> dict[str, str]:
    """Every wording of a grade (lower case) -> its name; `GRADE_ORDER` ranks the names."""
    return {alias.lower(): row[0] for row in _read_table("grades.txt") for alias in row}


RANKING_WORDS = frozenset("top highest best lowest bottom worst".split())


@lru_cache(maxsize=1)
def asked_grades() -> dict[str, str]:
    """The grades' wordings in a question: the articles' (`grades`) but those that rank ("which
    council got the highest grade?" asks for the best of them, whatever it was), and the askers'
    own ("failed", "top marks"; data/grades_asked.txt)."""
    return {alias: name for alias, name in grades().items() if not RANKING_WORDS & set(alias.split())} | \
        {alias.lower(): row[0] for row in _read_table("grades_asked.txt") for alias in row[1:]}


GRADE_ORDER = ("outstanding", "good", "requires improvement", "adequate", "inadequate")


@lru_cache(maxsize=1)
def areas() -> dict[str, str]:
    """Every wording of a judgement area -> its name, with the spellings a wording takes in print:
    "&" for "and" ("help & protection") and two of its words hyphenated ("looked-after children")."""
    out = {}
    for row in _read_table("areas.txt"):
        for alias in (a.lower() for a in row):
            words = alias.split()
            out[alias] = out[alias.replace(" and ", " & ")] = row[0]
            for i in range(1, len(words) if len(words) <= 3 else 0):
                if {words[i - 1], words[i]} & {"and", "of", "in"}:
                    continue
                out.setdefault(" ".join(words[:i - 1] + ["-".join(words[i - 1:i + 1])] + words[i + 1:]), row[0])
    return out


@lru_cache(maxsize=1)
def area_words() -> frozenset[str]:
    """The words of the areas' names ("children", "care", "leaders" …)."""
    return frozenset(w for wording in areas() for w in wording.split())


@lru_cache(maxsize=1)
def role_names() -> dict[str, str]:
    """Every wording of a role word -> its name ("cllr" -> "councillor")."""
    return {alias.lower(): row[0].lower() for row in _read_table("roles.txt") for alias in row}


@lru_cache(maxsize=1)
def roles() -> frozenset[str]:
    return frozenset(role_names())


def bare_word(word: str) -> str:
    """A word in lower case without its punctuation or possessive ("Unison's" -> "unison";
    "secretary" keeps its s)."""
    return re.sub(r"['’]s$", "", word.lower().strip(",.;:!?\"“”()")).strip("'’")


def role_words(words) -> set[str]:
    """The role words among `words`, by name, in the plural too: "Cllr" is a councillor; a role's
    wording of more than one word counts where the words run together ("Member of Parliament" is an MP)."""
    names = role_names()
    words = [bare_word(w) for w in words]
    text = " ".join(words)
    return {names[w] for w in words if w in names} | \
        {names[w[:-1]] for w in words if w.endswith("s") and w[:-1] in names} | \
        {name for alias, name in names.items() if " " in alias and has_phrase(text, alias)}


@lru_cache(maxsize=1)
def finding_cues() -> dict[str, tuple[str, ...]]:
    """Kind of finding -> the words and phrases that introduce it (data/findings.txt)."""
    return {row[0]: tuple(w.lower() for w in row[1:]) for row in _read_table("findings.txt")}


@lru_cache(maxsize=1)
def _matchers():
    """spaCy matchers for councils, grades and areas (phrases from the data files), and the
    pattern of a council's full name ("Northmoor Borough Council", "London Borough of Elmstead")."""
    from spacy.matcher import Matcher, PhraseMatcher

    model = nlp.load()
    known = PhraseMatcher(model.vocab, attr="TEXT")
    known.add("COUNCIL", list(model.tokenizer.pipe(councils())))
    graded = PhraseMatcher(model.vocab, attr="LOWER")
    graded.add("GRADE", list(model.tokenizer.pipe(grades())))
    named_areas = PhraseMatcher(model.vocab, attr="LOWER")
    named_areas.add("AREA", list(model.tokenizer.pipe([a for a in areas() if a != "overall"])))
    full = Matcher(model.vocab)
    name = [{"IS_TITLE": True, "POS": {"IN": ["PROPN", "NOUN", "ADJ"]}, "OP": "+"},
            {"LOWER": {"IN": ["and", "&"]}, "OP": "?"}, {"IS_TITLE": True, "OP": "*"}]
    full.add("TYPED", [name + [{"LOWER": {"IN": list(COUNCIL_TYPES)}, "OP": "+"}, {"LOWER": "council"}]])
    full.add("PLAIN", [name + [{"LOWER": "council"}]])
    full.add("OF", [[{"LOWER": {"IN": ["london", "royal"]}}, {"LOWER": "borough"}, {"LOWER": "of"},
                     {"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ["and", "&"]}, "OP": "?"},
                     {"IS_TITLE": True, "OP": "*"}]])
    return known, graded, named_areas, full


# ----- reading an article ---------------------------------------------------------------------
def understand(text: str, source: str, meta: dict | None = None, doc=None,
               known: tuple[str, ...] = ()) -> InspectionRecord:
    """Read an article's text into an `InspectionRecord`; `meta` (front matter) overrides fields;
    `known`: councils other articles are about (an article may name its council only briefly)."""
    return understand_all(text, source, meta, doc, known)[0]


def understand_all(text: str, source: str, meta: dict | None = None, doc=None,
                   known: tuple[str, ...] = ()) -> list[InspectionRecord]:
    """The article's record, then a side record for each other council whose own inspection or
    visit it reports (a round-up of several councils' results: each part is read alone)."""
    doc = doc if doc is not None else nlp.parse(text[:MAX_READ_CHARS])
    sents = [s for s in doc.sents if s.text.strip()]
    lines = _first_lines(doc)
    headline = lines[0].text.strip() if lines else ""
    # the council it names most, or one it names nearly as often whose inspection it tells of as
    # the latest (a comparison piece: "what Farrowdale can learn from outstanding Kettlewick")
    aliases = _aliases(doc, known)
    candidates = _council(doc, sents, aliases)
    # (an article about several councils: each one's part read alone, a round-up's council named
    # less often too)
    owned = _owned(sents, aliases) if len(candidates) > 1 else {}
    ranked = [c.value for c, _ in candidates if c]
    parts = [(c, others, owned.get(c.value, sents) if owned else sents) for c, others in candidates] + [
        (Fact(name, next((s for s in mine if name in _councils_named(s.text, aliases)), mine[0]).text.strip()),
         {a for a, n in aliases.items() if n != name}, mine)
        for name, mine in owned.items() if mine and name not in ranked]
    published = (_published(sents, lines) or _published_on_weekday(sents)) if owned else None
    recs = [_graded(mine, lines, headline, source, council, others, published) for council, others, mine in parts]
    rec = max(recs, key=lambda r: (r.when[:4] if r.overall else "", -recs.index(r)))
    sides = [r for r in recs if r is not rec and (r.overall or r.inspected) and r.when]
    people = _people(doc)
    for r in [rec, *sides]:
        mine = owned.get(r.council.value, sents) if owned else sents
        said = {s.text.strip() for s in mine}
        _complete(r, mine, [p for p in people if not owned or p.sentence in said])
        r.author = _byline(sents)  # (the article's writer, whichever part of it names them)
        r.side = r is not rec
        if r.side:  # (its own paragraphs, not those every part shares: the headline, an introduction)
            for s in mine:
                if not all(s in part for part in owned.values()):
                    if r.spans and r.spans[-1][1] >= s.start_char - 2:
                        r.spans[-1][1] = s.end_char
                    else:
                        r.spans.append([s.start_char, s.end_char])
    _apply_front_matter(rec, meta or {})
    return [rec, *sides]


def _complete(rec: InspectionRecord, sents, people: list[Person]) -> None:
    """The rest of a record, read from the sentences about its council: the publication date a
    visit's date dates, people, findings, figures and the years back to an earlier grade."""
    if rec.published is None and rec.inspected and rec.inspected.value[:7].count("-") == 1:
        rec.published = _published_after(sents, rec.inspected.value)  # "Their report, published on 8 June, …"
    rec.people = people
    # (not what an earlier inspection found: "In 2017, Ofsted judged the service inadequate, finding …" —
    # a year of the sentence's own verb, not of a phrase in it: "the academy, set up in 2017, …")
    year = rec.when[:4]
    by_text = {x.text.strip(): x for x in sents}
    rec.findings = [f for f in _findings(sents) if not (year.isdigit() and f.sentence in by_text and any(
        t.text.isdigit() and 1990 < int(t.text) < int(year) and t.dep_ == "pobj" and t.head.dep_ == "prep"
        and t.doc[t.i + 1:t.i + 2].text not in ("-", "–", "/")  # (not a financial year: "in 2022-23")
        and t.head.head == by_text[f.sentence].root for t in by_text[f.sentence]))]
    rec.figures = _figures(sents)
    gap = _gap(sents)
    rec.gap = gap if not rec.when else None
    if gap and year.isdigit():  # "Two years after Ofsted judged it inadequate, …" in a 2024 story: 2022
        for e in rec.earlier:
            if not e.year and e.sentence == gap.sentence:
                e.year = str(int(year) - int(gap.value))


def _owned(sents, aliases: dict[str, str]) -> dict[str, list]:
    """In an article about several councils, each one's sentences: a paragraph is about the
    council its first sentence naming one names, and one naming none, or several at once, goes on
    about the council before it; what comes before (the headline, an introduction) is every
    council's."""
    import bisect
    import re

    # (the councils it names: another article's council is no part of it)
    names = sorted({n for s in sents for n in _councils_named(s.text, aliases)})
    breaks = [m.end() for m in re.finditer(r"\n\s*\n", sents[0].doc.text)]  # where each paragraph starts
    paragraphs: dict[int, list] = {}
    for s in sents:
        paragraphs.setdefault(bisect.bisect_right(breaks, s.start_char), []).append(s)

    owned: dict[str, list] = {n: [] for n in names}
    owner = None
    for paragraph in paragraphs.values():
        first = next((n for s in paragraph if (n := _councils_named(s.text, aliases))), set())
        owner = next(iter(first)) if len(first) == 1 else owner
        for s in paragraph:
            for n in [owner] if owner else names:
                owned[n].append(s)
    return owned


def _councils_named(text: str, aliases: dict[str, str]) -> set[str]:
    """The councils a text names, by any of their names."""
    return {name for alias, name in aliases.items() if has_phrase(text, alias)}


def _graded(sents, lines, headline: str, source: str, council: Fact | None, others: set[str],
            published: Fact | None = None) -> InspectionRecord:
    """The record's council, dates and grades, read as an article about `council` from `sents`
    (its part of the article), `published` the article's date when its part gives none."""
    rec = InspectionRecord(source=source, headline=headline, council=council)
    rec.published = _published(sents, lines) or _published_on_weekday(sents) or published
    anchor = _as_date(rec.published.value) if rec.published else None
    rec.inspected = _inspected(sents, anchor, rec.published, council.value if council else "", others)
    current_year = int(rec.when[:4]) if rec.when[:4].isdigit() else None
    _grades(rec, sents, current_year, others)
    if rec.inspected and any(e.year and rec.inspected.value.startswith(e.year) for e in rec.earlier):
        rec.inspected = None  # the year of a grade the article looks back on is not this inspection's
    # the year the overall grade's own sentence gives, when later than the date read ("2022 – rated good
    # overall in May" in a timeline whose "2020 – a focused visit …" was taken for the inspection)
    said = next((x for x in sents if rec.overall and x.text.strip() == rec.overall.sentence), None)
    years = set(_years_of(said)) - {int(e.year) for e in rec.earlier if e.year.isdigit()} if said is not None else set()
    if len(years) == 1 and (rec.inspected is None or rec.inspected.value[:4].isdigit()
                            and int(rec.inspected.value[:4]) < min(years)) \
            and not (rec.published and rec.published.value[:4].isdigit() and int(rec.published.value[:4]) < min(years)):
        year = min(years)
        month = next((w.month for _, w in _dates(said) if w.month and w.year in (None, year)), None)
        rec.inspected = Fact(f"{year}-{month:02d}" if month else str(year), rec.overall.sentence)
    return rec


def _apply_front_matter(rec: InspectionRecord, meta: dict) -> None:
    if meta.get("council"):
        rec.council = Fact(str(meta["council"]), rec.council.sentence if rec.council and
                           _same_name(rec.council.value, str(meta["council"])) else "")
    if meta.get("published"):
        rec.published = Fact(str(meta["published"]))
    if meta.get("sort_date") and not rec.when:
        rec.inspected = Fact(str(meta["sort_date"]))  # the date front matter orders an undated article by
    if meta.get("rating") and str(meta["rating"]).split()[0].lower() in grades():
        grade = grades()[str(meta["rating"]).split()[0].lower()]
        if not rec.overall or rec.overall.value != grade:
            rec.overall = Fact(grade)
    if meta.get("title"):
        rec.headline = str(meta["title"])


def _same_name(a: str, b: str) -> bool:
    def norm(s):
        return s.lower().replace("&", "and").strip()
    return norm(a) == norm(b) or norm(a) in norm(b) or norm(b) in norm(a)


def named_councils(doc) -> set[str]:
    """The councils a parsed article names: England's councils (data) and full council names
    ("Northmoor Borough Council", "the London Borough of Elmstead")."""
    listed, _, _, full = _matchers()
    names = {councils()[doc[a:b].text] for _, a, b in listed(doc)}
    for match_id, start, end in full(doc):
        tokens = [t for t in doc[start:end] if t.lower_ not in ("council", "of", "london") + COUNCIL_TYPES]
        while tokens and tokens[0].lower_ in ("the", "and", "&"):
            tokens = tokens[1:]
        if not tokens or any(t.lemma_.lower() in ("child", "care", "youth", "town", "parish") for t in tokens):
            continue
        name = councils().get(" ".join(t.text for t in tokens), " ".join(t.text for t in tokens))
        if doc.vocab.strings[match_id] == "PLAIN" and name not in councils().values() \
                and sum(t.text == tokens[-1].text for t in doc) < 2 and not _graded_subject(doc[start:end]):
            continue  # "Brackenford Council" counts when the article names Brackenford again, or grades it
        names.add(name)
    return names | _service_owners(doc)


def _graded_subject(span) -> bool:
    """Whether a name is the subject of a grade ("Ketterworth Council remains rated requires improvement")."""
    root = span.root
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = root.head.head if root.head.dep_ in ("aux", "auxpass") else root.head  # ("… remains rated …")
    _, graded, _, _ = _matchers()
    said = verb.doc[verb.left_edge.i:verb.right_edge.i + 1].as_doc()
    return bool(graded(said)) and any(t.lemma_.lower() in RATING_WORDS for t in verb.subtree)


def _service_owners(doc) -> set[str]:
    """Places whose children's services an article names at least twice ("Marrowfield
    children's services", "Marrowfield's children's services"): a council the article may never
    name in full ("the city council")."""
    owners = [t for t in doc if t.pos_ == "PROPN" and t.is_title and t.dep_ in ("compound", "poss", "amod")
              and t.head.lemma_.lower() in ("child", "children") and t.head.dep_ == "poss"
              and t.head.head.lemma_.lower() in ("service", "services")
              and t.lower_ not in INSPECTION_WORDS and t.ent_type_ not in ("ORG", "NORP")]
    # with the words of its name before it ("Wexley Park"), less a council type
    names = {" ".join(w.text for w in doc[t.left_edge.i:t.i + 1] if w.pos_ == "PROPN" and w.is_title
                      and w.lower_ not in COUNCIL_TYPES and w.lower_ != "council") for t in owners} - {""}
    words = [t.text for t in doc]
    return {n for n in names if sum(words[i:i + len(n.split())] == n.split() for i in range(len(words))) >= 2}


def _aliases(doc, known: tuple[str, ...] = ()) -> dict[str, str]:
    """The names of the councils an article names, each to its council: England's councils (data),
    full council names the article uses ("Northmoor Borough Council", "the London Borough of
    Elmstead") and `known`, the councils other articles of the corpus were found to be about."""
    names = named_councils(doc) | set(known)
    return {alias: name for alias, name in councils().items() if name in names} | {n: n for n in sorted(names)}


def _council(doc, sents, aliases: dict[str, str]) -> list[tuple[Fact | None, set[str]]]:
    """The councils an article may be about, each with the names of the others: the one it names
    most (its headline and first sentence count three times), then any it names nearly as often."""
    lead = {s.start for s in sents[:2]}
    scores: dict[str, float] = {}
    first: dict[str, object] = {}
    at: dict[str, int] = {}  # where each is first named (two named in one headline: the first named leads)
    words = [t.text for t in doc]
    taken: set[int] = set()  # "Wexley Park" is not also a mention of "Wexley"
    for alias, name in sorted(aliases.items(), key=lambda a: -len(a[0].split())):
        parts = alias.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i:i + len(parts)] == parts and not taken & set(range(i, i + len(parts))):
                taken.update(range(i, i + len(parts)))
                sent = doc[i].sent
                scores[name] = scores.get(name, 0) + (3 if sent.start in lead else 1)
                if name not in first or i < at[name]:
                    first[name], at[name] = sent, i
    if not scores:
        return [(None, set())]
    ranked = sorted(scores, key=lambda n: (-scores[n], at[n]))
    return [(Fact(name, first[name].text.strip()), {alias for alias, n in aliases.items() if n != name})
            for name in ranked if scores[name] >= RIVAL_SHARE * scores[ranked[0]]]


RANGE_WORDS = frozenset("and to until till".split())


def _dates(sent, anchor: date | None = None):
    """(span, When) for each date of a sentence; DATE entities a token or two apart, past
    punctuation or a range's word, are one date ("Friday", "19 February 2016" in "Friday, 19
    February 2016"; "February and March 2017") — not past other words ("7 November 2023 after a
    three-week inspection in September")."""
    spans = []
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        day = sent.doc[ent.start - 1] if ent.start > sent.start else None
        if day is not None and day.like_num and day.text.isdigit() and 1 <= int(day.text) <= 31:
            ent = sent.doc[day.i:ent.end]  # "9" + "July 2022": the small model labels the day a number
        if spans and ent.start - spans[-1].end <= 2 and all(
                t.is_punct or t.lower_ in RANGE_WORDS for t in sent.doc[spans[-1].end:ent.start]):
            spans[-1] = sent.doc[spans[-1].start:ent.end]
        else:
            spans.append(ent)
    for span in spans:
        when = nlp.read_date(span.text, anchor)
        if when is not None:
            yield span, when


def _first_lines(doc, n: int = 3) -> list:
    """The first `n` non-empty lines of an article, as spans (the parser may split a headline or
    a dateline into several sentences: "Workforce news | 9 May 2019")."""
    out, start = [], 0
    for line in doc.text.split("\n"):
        span = doc.char_span(start, start + len(line), alignment_mode="expand") if line.strip() else None
        start += len(line) + 1
        if span is not None and len(span):
            out.append(span)
            if len(out) == n:
                break
    return out


def _published(sents, lines=()) -> Fact | None:
    """A full date in the first lines (a byline or dateline), or one the article says it was
    published ("published today (Friday 19 February 2016)")."""
    for i, s in enumerate([*lines, *sents[:3]]):  # a byline: "Easthaven Courier | 12/03/2024", "Practice & Policy, March 2025"
        if len(s) <= 12 and not any(t.is_alpha and t.pos_ in ("VERB", "AUX") for t in s):
            when = nlp.read_date(s.text)
            if when and when.year and when.month and not when.relative:  # (not a section's heading: "2019: the low point")
                return Fact(when.iso(), s.text.strip())
    for i, s in enumerate(sents):
        lemmas = {t.lemma_.lower() for t in s}
        if i < 4 or "publish" in lemmas or "today" in lemmas:
            for ent, when in _dates(s):
                if _of_event(ent):
                    continue  # "a focused visit …, which took place on 9 and 10 November 2021"
                if when.year and when.month and when.day and (i < 4 or "today" in ent.sent.text.lower()
                                                              or "publish" in lemmas):
                    return Fact(when.iso(), s.text.strip())
    return None


BACK_WORDS = frozenset("ago after since".split())  # "four years ago / after / since …"


def _gap(sents) -> Fact | None:
    """The years a sentence that names a grade counts back ("… no longer rated inadequate, four
    years after inspectors found …"): value the number of years."""
    _, graded, _, _ = _matchers()
    for s in sents:
        if not any(True for _ in graded(s.as_doc())):
            continue
        for t in s:
            n = next((c for c in t.children if c.dep_ == "nummod"), None)
            if t.lemma_.lower() == "year" and n is not None and t.i + 1 < s.end and s.doc[t.i + 1].lower_ in BACK_WORDS:
                years = nlp.number_value(n.text)
                if years:
                    return Fact(str(int(years)), s.text.strip())
    return None


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _published_on_weekday(sents) -> Fact | None:
    """A publication day given with its weekday but no year ("published on Tuesday 21 December"):
    the first year, from the latest the article names, in which that day is that weekday — news
    is written after what it recalls, and a weekday and a date recur only years apart."""
    # (a year it looks back on, not one it looks ahead to: "aims to … by March 2025")
    # (and a financial year's first: "in 2022/23" names 2022)
    latest = max((y for s in sents if not _to_come(s) for y in _years_of(
        t for t in s if t.head.lower_ != "by" and t.head.head.lower_ != "by") + [
        int(t.text[:4]) for t in s if len(t.text) == 7 and t.text[4] in "/-" and t.text[:4].isdigit()
        and t.text[5:].isdigit() and 1990 < int(t.text[:4]) < 2100]), default=None)
    if latest is None:
        return None
    for i, s in enumerate(sents):
        lemmas = {t.lemma_.lower() for t in s}
        if not (i < 4 or "publish" in lemmas or "today" in lemmas):
            continue
        for ent, when in _dates(s):
            day = next((WEEKDAYS.index(w) for w in WEEKDAYS if w in ent.text.lower()), None)
            if day is None or when.year or not (when.month and when.day) or _of_event(ent):
                continue
            for year in range(latest, latest + 12):
                try:
                    on = date(year, when.month, when.day)
                except ValueError:  # (29 February)
                    continue
                if on.weekday() == day:
                    return Fact(on.isoformat(), s.text.strip())
    return None


def _published_after(sents, inspected: str) -> Fact | None:
    """A publication day said without its year ("published on 8 June"), in the inspection's year —
    or the next, when its month comes before the inspection's."""
    year, month = int(inspected[:4]), int(inspected[5:7])
    for s in sents:
        if "publish" not in {t.lemma_.lower() for t in s}:
            continue
        for ent, when in _dates(s):
            if when.month and when.day and not when.year and not _of_event(ent) and any(
                    h.lemma_.lower() == "publish" for h in ent.root.ancestors):
                on = date(year + (when.month < month), when.month, when.day)
                return Fact(on.isoformat(), s.text.strip())
    return None


EVENT_VERBS = frozenset("take visit inspect carry conduct hold happen run".split())  # what an inspection's date is of


def _of_event(ent) -> bool:
    """Whether a date is the inspection's, not the publication's: days a range spans ("9 and 10
    November 2021", "between 12 and 23 November"), or the date of a verb of the visit ("took place
    on 5 March", "carried out on …")."""
    if any(t.lower_ in ("and", "to", "-", "–") for t in ent) and sum(t.like_num for t in ent) >= 2:
        return True
    verb = next((a for a in ent.root.ancestors if a.pos_ == "VERB"), None)
    if verb is None or verb.lemma_.lower() not in EVENT_VERBS:
        return False
    # (a general verb's own subject says whose event it is: "The interview took place on Thursday
    # 3 September 2020" dates the interview — the article's day — not an inspection)
    # (a relative pronoun's or a pronoun's event is the one told of: "a focused visit …, which took place on …")
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return verb.lemma_.lower() in INSPECTION_WORDS or subject is None or subject.pos_ == "PRON" \
        or subject.tag_ in ("WDT", "WP") or subject.lemma_.lower() in INSPECTION_WORDS | EVENT_WORDS


def _inspected(sents, anchor: date | None, published: Fact | None, own: str = "",
               others: set[str] = frozenset()) -> Fact | None:
    """The inspection's month and year: the latest date (not after publication) in a sentence
    about inspecting or visiting; earlier inspections are the ones an article looks back on, and a
    sentence naming another council (and not this one) dates that council's inspection."""
    found, dated = [], []
    for s in sents:
        if _of_another(s.text, own, others):
            continue
        lemmas = {t.lemma_.lower() for t in s} | {t.lower_.removesuffix("s") for t in s}  # "Inspectors visited …"
        if not lemmas & INSPECTION_WORDS or _to_come(s):
            continue
        dates = list(_dates(s, anchor))
        # (a year before one the sentence looks back on is looked back on too: "When Ofsted last
        # visited, in May 2019, it rated Fairholt as requiring improvement, exactly as it had in 2015")
        back = max((w.year for e, w in dates if w.year and _is_earlier(e.root, s)), default=0)
        # (a visit's days beside another date are the visit's, the other the report's: "In July 2019
        # Ofsted rated X inadequate after an inspection between 10 and 21 June" — June 2019)
        spans = [(e, w) for e, w in dates if day_run(e) and w.month]
        other = max((w for e, w in dates if w.year and (e, w) not in spans), key=lambda w: (w.year, w.month or 0), default=None)
        if spans and other is not None:  # (in the other's year, or the one before when its month is later)
            dates = [(e, w if w.year else nlp.When(other.year - bool(other.month and w.month > other.month), w.month, w.day))
                     for e, w in spans]
        for ent, when in dates:
            if when.year and when.year < back:
                continue
            if when.relative and not when.year or ent.text.lower() in ("yesterday", "today"):
                continue  # (a day of the news — a meeting, the publication — not of a weeks-long inspection)
            if any(h.lemma_.lower() in ("publish", "release") for h in (ent.root.head, ent.root.head.head)) \
                    or ent.root.dep_ == "poss" and ent.root.head.lemma_.lower() in ("report", "letter") \
                    or _of_the_report(ent):
                continue  # "the report, published yesterday, follows …", "last week's report": the publication's date
            if published and when.iso() == published.value:
                continue
            if _persons_date(ent, {own, *others}):
                continue  # "Joanna Whitlock started work … in August, seven months after Ofsted rated …"
            if anchor and when.year and not 0 <= anchor.year - when.year <= 1 and not _latest(s):
                continue  # news of an inspection comes within months of it; older dates are looked back on
                # (unless said to be the latest: "At its most recent full inspection, in 2022, …")
            ranged = day_run(ent)
            if when.year:
                dated.append(when)
            if when.year and not ranged and _is_earlier(ent.root, s):
                continue
            found.append((_latest(s), when.iso() or "0", len(found), Fact(when.iso() or when.label(), s.text.strip()), when))
    # the date of the visit said to be the latest, else a dated one, the latest ("January" when no
    # year is given)
    if not found:
        return None
    latest, _, _, fact, when = max(found, key=lambda f: (f[0], f[1], -f[2]))
    if latest and not when.year and when.month and dated:
        # ("The three earlier visits, in April, July and October 2019 … The latest visit took place
        # on 14 and 15 January": the first January after them)
        last = max(dated, key=lambda w: (w.year, w.month or 0))
        year = last.year + (when.month <= (last.month or 12))
        return Fact(nlp.When(year, when.month, when.day).iso(), fact.sentence)
    return fact


def day_run(ent) -> bool:
    """A date given as a run of days: "from 15 to 26 January", "between 10 and 21 June" (the
    opener inside the entity or just before it)."""
    opener = ent[0] if ent[0].lower_ in ("from", "between") else ent.doc[ent.start - 1] if ent.start > ent.sent.start else None
    return opener is not None and opener.lower_ in ("from", "between") and any(t.lower_ in ("to", "and", "–", "-") for t in ent)


def _verb_over(token):
    """The nearest verb (or auxiliary) a token hangs under, or None."""
    return next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)


def _of_the_report(ent) -> bool:
    """Whether a date is of the report's coming out ("the report came out on 14 January",
    "appeared"): its publication's — not what it follows ("the report follows an inspection from
    3 to 14 June")."""
    verb = _verb_over(ent.root)
    return verb is not None and verb.lemma_.lower() in ("come", "appear", "emerge") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in ("report", "letter") for c in verb.children)


def _persons_date(ent, councils: set[str]) -> bool:
    """Whether a date is of what a named person did (started, joined, left): no inspection's."""
    verb = _verb_over(ent.root)
    # (what they did may be the inspection: "Catherine Holt, who led the inspection between 16 and 27 January")
    if verb is None or verb.lemma_.lower() in INSPECTION_WORDS or any(
            c.dep_ == "dobj" and c.lemma_.lower() in INSPECTION_WORDS for c in verb.children):
        return False
    # (a relative pronoun's person: "Peter Ashdown, who left in the spring of 2020"; not Ofsted,
    # nor a council, however tagged)
    subjects = [verb.head if c.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" else c
                for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(c.ent_type_ == "PERSON" and c.lemma_.lower() not in INSPECTION_WORDS
               and not any(c.text in name.split() for name in councils if name) for c in subjects)


def _to_come(sent) -> bool:
    """Whether a sentence speaks of an inspection still to come ("The next full inspection is
    expected in 2026", "Inspectors will return in the spring"): its date is no inspection's yet."""
    return any(t.lemma_.lower() in INSPECTION_WORDS and any(c.dep_ == "amod" and c.lower_ in NEXT_WORDS
                                                            for c in t.children) for t in sent) \
        or any(t.lower_ in ("will", "shall") and t.dep_ == "aux" and t.head.dep_ == "ROOT" for t in sent)


def _latest(sent) -> bool:
    """Whether a sentence speaks of the latest inspection ("at its most recent inspection", "the
    latest inspection"): the one the record is of, however long before the article."""
    return any(t.lemma_.lower() in INSPECTION_WORDS and any(
        c.dep_ == "amod" and c.lower_ in LATEST_WORDS for c in t.children) for t in sent)


def _of_another(text: str, own: str, others: set[str]) -> bool:
    """Whether a sentence names another council and not this one (it speaks of that council)."""
    return bool(own) and own not in text and any(has_phrase(text, o) for o in others)


def _is_earlier(token, sent) -> bool:
    """Whether a word of a sentence refers back (a previous inspection, "up from …")."""
    # (a grade left behind: "climbing out of inadequate", "moved out of the inadequate category",
    # "welcomed the end of the borough's 'inadequate' rating")
    # (the parse may lose a headline's last word: by the words before it too)
    noun = token.head if token.dep_ in ("amod", "compound") else token
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in ("out", "end") \
            or [t.lower_ for t in token.doc[max(sent.start, token.i - 2):token.i]] == ["out", "of"]:
        return True
    # (said in the past perfect: "help and protection had been outstanding")
    # (not a past perfect backshifted under a past report: "Kettlewick learned in March that it
    # had been rated outstanding" is the news itself)
    verb = next((a for a in [token, *token.ancestors] if a.pos_ in ("VERB", "AUX")), None)
    if verb is not None and any(c.lower_ == "had" and c.tag_ == "VBD" for c in verb.children) \
            and any(c.lower_ == "been" for c in [verb, *verb.children]) \
            and not (verb.dep_ == "ccomp" and verb.head.tag_ == "VBD"):
        return True
    # (a time phrase of its verb, or of the verb it is a conjunct of: "At its previous full
    # inspection, …, X was judged inadequate", "When the borough was last inspected in 2014 it was
    # rated good overall, but its services for care leavers were found to require improvement")
    earlier = lambda word: word.lemma_.lower() in INSPECTION_WORDS and any(  # noqa: E731 — "its previous inspection"
        m.lemma_.lower() in EARLIER_WORDS and m.dep_ in ("amod", "advmod")
        or m.lower_ == "that" and m.dep_ == "det" for m in word.children)  # ("at that inspection": the one just told of)
    verbs = [verb] if verb is not None else []
    # (or the rating verb a grade said as a verb completes: "was rated requires improvement")
    while verbs and verbs[-1].dep_ in ("conj", "xcomp", "oprd") and verbs[-1].head.pos_ in ("VERB", "AUX"):
        verbs.append(verbs[-1].head)
    # (or a clause about the grade's noun on the way: "the requires improvement rating the council
    # received after its previous inspection")
    path = [token, *(a for a in token.ancestors if verb is None or a.i != verb.i and verb in a.ancestors)]
    verbs += [c for n in path if n.pos_ == "NOUN" for c in n.children if c.dep_ == "relcl"]
    # (or a clause of inspecting said to be back then: "When Ofsted last carried out a full inspection,
    # four years ago, it judged …")
    back_then = lambda v: any(m.dep_ in ("advmod", "npadvmod") and m.lower_ in EARLIER_WORDS for m in v.children) \
        and any(t.lemma_.lower() in INSPECTION_WORDS for t in v.subtree)  # noqa: E731
    # (not a phrase after another grade, whatever the parse hangs it on: "rated outstanding, up from
    # good at the previous inspection in 2014" — the previous inspection is the good's)
    between = lambda c: any(t.lower_ in grades() for t in token.doc[token.i + 1:c.i])  # noqa: E731
    if any(any(c.dep_ == "prep" and any(earlier(g) for g in c.children if g.dep_ == "pobj") and not between(c)
               or c.dep_ == "advcl" and (earlier(c) or back_then(c)) for c in v.children) for v in verbs):
        return True
    # (a time after it, on its verb: "after being judged good four years earlier")
    if _time_back(token) is not None:
        return True
    # (a clause after whose event this one is: "four years after they were branded inadequate")
    # (years after: "three weeks after Ofsted judged it outstanding" is this inspection)
    # (the clause may be any the grade hangs under: "five years since inspectors judged these
    # services good and described the support given to care leavers as outstanding")
    # ("it is six years since …": the years are what the clause's head is)
    if any(any(c.dep_ == "mark" and c.lower_ in ("after", "since") for c in v.children)
           and any(c.lemma_.lower() == "year" for c in [*v.children, *v.head.children]
                   if c.dep_ == "npadvmod" or c.dep_ == "attr" and c.head.i == v.head.i)
           for v in [token, *token.ancestors] if v.pos_ in ("VERB", "AUX")):
        return True
    window = sent.doc[max(sent.start, token.i - 6):token.i]
    # (up to a "to" that it is the object of: "downgraded from good to requires improvement" says
    # "requires improvement" of this inspection)
    since = next((t.i + 1 for t in reversed(window) if t.lower_ in ("to", "into") and t.dep_ == "prep"), window.start)
    # (a word of its own clause: not "the help and protection of children, previously judged
    # inadequate, was rated good", where "previously" is of the clause beside it)
    return any(t.lemma_.lower() in EARLIER_WORDS and not _recent(t)
               and (t.pos_ != "ADV" or t.head.pos_ != "VERB" or token in t.head.subtree)
               for t in sent.doc[since:token.i])


def _completed(verb) -> list:
    """A verb and the rating verbs it completes ("require" in "had been judged to require
    improvement": require, judged)."""
    out = [verb] if verb is not None else []
    while out and out[-1].dep_ in ("xcomp", "oprd") and out[-1].head.pos_ in ("VERB", "AUX"):
        out.append(out[-1].head)
    return out


def _years_of(tokens) -> list[int]:
    """The years a run of tokens names ("2019"; not "450")."""
    return [int(t.text) for t in tokens if t.text.isdigit() and 1990 < int(t.text) < 2100]


def _time_back(token) -> float | None:
    """The years a grade is said back from the time its sentence gives ("judged good four years
    earlier": 4; a month or months: 0), on the grade or its verb, however parsed; None when none."""
    verb = next((a for a in [token, *token.ancestors] if a.pos_ in ("VERB", "AUX")), None)
    for c in (c for h in [token, *_completed(verb)] for c in h.children):
        if c.dep_ == "advmod" and c.lower_ in EARLIER_WORDS:
            for g in c.children:
                if g.lemma_.lower() in ("year", "month"):
                    n = next((nlp.number_value(x.text) for x in g.children if x.dep_ == "nummod"), None)
                    return (n or 0) if g.lemma_.lower() == "year" else 0
    return None


def _recent(word) -> bool:
    """Whether a word is part of a date less than a year back ("last month", "last autumn"):
    inspections are years apart, so such a date is this inspection's, not an earlier one's."""
    if word.ent_type_ != "DATE":
        return False
    ent = next(e for e in word.doc.ents if e.start <= word.i < e.end)
    return not any(t.lemma_.lower() == "year" or (t.text.isdigit() and len(t.text) == 4) for t in ent)


def _grades(rec: InspectionRecord, sents, current_year: int | None, others: set[str] = frozenset()) -> None:
    """Overall, area and earlier grades; a sentence naming another council (and not this one)
    speaks of that council's grades, not of this inspection."""
    _, graded, named_areas, _ = _matchers()
    overall_candidates: list[tuple[int, Fact]] = []
    closest: dict[str, int] = {}  # area -> parse-tree steps to the grade read for it
    own = rec.council.value if rec.council else ""
    last_grade = None  # the grade the last sentence giving one gave this inspection
    listed = None  # the grade a lead-in gave the bulleted lines after it
    carried = []  # the areas the last sentence was about and gave no grade ("Adoption was the one bright spot.")
    another = False  # whether the last sentence spoke of another council
    section_year = None  # the year a sub-heading gives the paragraphs under it ("2019: the low point")
    for n, s in enumerate(sents):
        if n and _is_heading(s, sents[n - 1]):  # (one that opens with its year)
            first = s.text.strip().split()[0].strip(":.,-–")
            section_year = int(first) if first.isdigit() and 1990 < int(first) < 2100 else None
        # (and a sentence after it whose subject is a pronoun: "Farrowdale, by contrast, is still
        # climbing out of a hole. It was judged inadequate in 2019 …")
        another = _of_another(s.text, own, others) or another and _pronoun_subject(s) and own not in s.text
        if another:
            carried = []
            continue
        doc = s.doc
        found = []
        span_matches = [(start + s.start, end + s.start) for _, start, end in graded(s.as_doc())]
        for start, end in _longest(span_matches):
            grade = grades()[doc[start:end].text.lower()]
            if not _is_grade(doc, start, end, s) or _of_a_named_other(doc[start], own):
                continue
            found.append((start, end, grade))
        # (a ranking wording restating a grade the sentence gives: "rated outstanding by Ofsted, the
        # highest grade the watchdog can award" is one grade, said of what the first is said of)
        found = [f for f in found if not ({t.lower_ for t in doc[f[0]:f[1]]} & RANKING_WORDS
                                          and any(g[2] == f[2] and g[0] != f[0] for g in found))]
        area_spans = _longest([(a + s.start, b + s.start) for _, a, b in named_areas(s.as_doc())])
        # "The same grade was given for care leavers …": the grade the last sentence gave
        # ("… as requiring improvement, and gave the same grade to …": the grade said before it)
        same = next((t.head for t in s if t.lower_ == "same" and t.dep_ == "amod"
                     and t.head.lemma_.lower() in GRADE_NOUNS), None) if area_spans else None
        before_same = [g for start, _, g in found if same is not None and start < same.i]
        if same is not None and (before_same or not found and last_grade):
            found = found + [(same.i, same.i + 1, before_same[-1] if before_same else last_grade)]
        # "So were services for children looked after …": the grade the last sentence gave
        if not found and area_spans and last_grade and len(s) > 1 and s[0].lower_ == "so" and s[1].lemma_ == "be":
            found = [(s.start, s.start + 1, last_grade)]
        # a bulleted line naming areas under a lead-in that gives their grade ("Inspectors rated
        # the following areas as good:" / "- children who need help and protection")
        bullet = s.text.strip()[:1] in BULLETS
        if listed and bullet and area_spans and not found:
            found = [(s.start, s.start + 1, listed)]
        listed = listed if bullet else None
        # "… It was judged good": a pronoun subject is the areas the last sentence was about
        told, carried = carried, [] if found else _subject_areas(s, area_spans)
        told = told if found and not area_spans and _pronoun_subject(s) else []
        area_spans = area_spans or told
        if not found or len({g for *_, g in found}) >= 3 and any(  # the scale: "graded outstanding, good, … or inadequate"
                t.lower_ == "or" for t in doc[found[0][0]:found[-1][1]]):
            continue
        text = s.text.strip()
        elsewhere = [t.i for t in s if any(t.text == o.split()[0] for o in others)] if others else []
        mine_at = [t.i for t in s if own and t.text == own.split()[0]]
        current = []  # this inspection's grades in the sentence (the earlier ones recalled aside)
        recalled = []  # … and those, with their years
        areas_of = {}  # a current grade's start -> the areas it is said of
        # the earlier years the sentence gives ("at its previous inspection in 2019"), once for its grades
        sent_years = _years_of(s)
        before = {y for y in sent_years if not current_year or y < current_year}
        for start, end, grade in found:
            # (nearer in words or in the parse, the name to its head: "Y is told it is failing" in "X reaches
            # the top grade as Y is told …", "Z, which borders X, was rated good", "X's neighbour,
            # Pendlesham Borough Council, was told …")
            words = lambda at: min((abs(i - start) for i in at), default=999)  # noqa: E731
            tree = lambda at: min((_tree_distance(_name_head(doc[i]), doc[start]) for i in at), default=(99, 99))  # noqa: E731
            if elsewhere and (words(elsewhere) < words(mine_at) or tree(elsewhere) < tree(mine_at)):
                continue  # "… named Saltmere County Council, which was rated good, as Hollinbrook's partner"
            # a year said of this grade, the nearest first ("good" in "'requires improvement' in 2015,
            # 'good' in 2018": 2018)
            # (not a year in another grade's "from" phrase: "to require improvement, down from good in
            # 2018" — 2018 is the good's)
            others_from = [f.head if f.head.dep_ == "advmod" else f for g, _, _ in found
                           if g != start and (f := doc[g].head).lower_ == "from"]  # (with its "down": "down from … in 2018")
            # (however parsed: the words from another grade after "from" up to the next grade)
            after_from = [(g, min([h for h, _, _ in found if h > g] + [s.end])) for g, _, _ in found
                          if g != start and any(t.lower_ == "from" for t in doc[max(s.start, g - 2):g])]
            # (a year in its own stretch first, after it and before the next grade: "rated inadequate in
            # 2016 and requires improvement in 2019")
            upto = min([h for h, _, _ in found if h > start] + [s.end])
            # (or in a "when" clause of inspecting on its verb: "When Ofsted carried out a full
            # inspection … in January 2019, inspectors rated them requires improvement")
            when = {x.i for v in doc[start].ancestors if v.pos_ in ("VERB", "AUX") for c in v.children
                    if c.dep_ == "advcl" and c.lemma_.lower() in EVENT_VERBS | INSPECTION_WORDS
                    and any(m.dep_ == "advmod" and m.lower_ == "when" for m in c.children)
                    for x in c.subtree}
            years = [int(t.text) for t in sorted(s, key=lambda t: (not end <= t.i < upto, abs(t.i - start)))
                     if t.like_num and t.text.isdigit()
                     and 1990 < int(t.text) < 2100
                     and (_tree_distance(t, doc[start])[0] <= 4 or end <= t.i < min(upto, end + 3) or t.i in when
                          # (or in the words running on from it to the next grade, with no break:
                          # "rated requires improvement to be good by Ofsted in 2021, having been …")
                          or end <= t.i < upto and not any(x.is_punct for x in doc[end:t.i]))
                     and not any(f.left_edge.i <= t.i <= f.right_edge.i for f in others_from)
                     and not any(a <= t.i < b for a, b in after_from)
                     # (nor a year after it nearer in the parse to a grade after it: "it rated them good,
                     # and in 2014 they were judged to require improvement", "good (previously requires
                     # improvement, 2016)")
                     and (end <= t.i < upto and not any(x.is_punct for x in doc[end:t.i])
                          or not any(start < min(t.i, g)
                                     and _tree_distance(t, doc[g])[0] < _tree_distance(t, doc[start])[0]
                                     for g, _, _ in found))
                     # (nor the year of a state it is compared with: "requires improvement (unchanged
                     # from 2015)" is this inspection's grade, the same as in 2015 — unless the grade is
                     # said of that year: "a step up from 2015, when the council was judged …")
                     and (t.head.lower_ != "from" or doc[start] in t.subtree)
                     # (nor one in another item of a list run on with semicolons: "2014 – requires
                     # improvement; March 2018 – good")
                     and not any(x.text == ";" for x in doc[min(t.i, start):max(t.i, start)])
                     # (nor the start of a stretch of time a noun counts: "inadequate, the first time
                     # since 2014 that …" — unlike "rated inadequate since 2019", said of the grade's verb,
                     # or "the first inspection since 2016, when services were judged to require …")
                     and not (t.head.lower_ == "since" and t.head.head.pos_ == "NOUN" and t.head.head.i != start
                              and doc[start] not in t.subtree and not any(c.dep_ == "relcl" for c in t.children))]
            # (or, said with no year, the year of the section it is in: "2019: the low point")
            years = years or ([section_year] if section_year and current_year and section_year < current_year else [])
            earlier_year = next((y for y in years if current_year and y < current_year), None)
            # a year before the inspection's, or any year when the article gives none of its own
            # (not a year the sentence says is the latest inspection's: "At its most recent full
            # inspection, in 2022, …" in a 2024 story)
            # (not a grade its own verb says is now held: "… lost the outstanding rating it won in 2018
            # and is now judged good overall")
            # (the verb it completes, or is: "services now require improvement")
            own_verb = doc[start] if doc[start].pos_ in ("VERB", "AUX") else \
                doc[start].head if doc[start].head.pos_ in ("VERB", "AUX") else None
            now = any(c.dep_ == "advmod" and c.lower_ in ("now", "currently") for v in _completed(own_verb)
                      for c in v.children)
            back = not now and _is_earlier(doc[start], s) or not now and not _latest(s) and (
                (earlier_year and not any(y >= current_year for y in years)) or (current_year is None and bool(years)))
            # (or the one earlier year the sentence gives)
            earlier_year = earlier_year or (min(years) if back and years else None) or \
                (next(iter(before)) if back and len(before) == 1 else None)
            gap = _time_back(doc[start]) if back else None  # "in 2023 after being judged good four years earlier"
            base = years or sent_years
            if gap and base and max(base) - gap > 1990:
                earlier_year = int(max(base) - gap)
            if back:
                recalled.append((start, end, grade, str(earlier_year or "")))
            else:
                current.append((start, end, grade))
        last_grade = current[-1][2] if current else last_grade
        if len(current) == 1 and not area_spans and text.endswith(":"):
            listed = current[0][2]
        for start, end, grade in current:
            # the areas this grade is said of, with their reach: 0 on a grid line ("• Children in
            # care: outstanding") or listed after the grade's colon, else parse-tree steps
            mine = [(a, b, 0 if _grid_line(text) or _listed_after(doc, (start, end), a, found)
                     else AREA_REACH if (a, b) in told else _tree_distance(doc[a:b].root, doc[start])[0])
                    for a, b in area_spans if _nearest_grade(doc, (a, b), current) == (start, end, grade)]
            mine = [m for m in mine if m[2] <= AREA_REACH]
            areas_of[start] = [areas()[doc[a:b].text.lower()] for a, b, _ in mine]
            if mine:
                for a, b, reach in mine:
                    area = areas()[doc[a:b].text.lower()]
                    if area == "overall effectiveness":
                        overall_candidates.append((0, Fact(grade, text)))
                    elif reach < closest.get(area, AREA_REACH + 1):  # the closest statement of an area wins
                        closest[area] = reach
                        rec.areas = [x for x in rec.areas if x.area != area] + [AreaGrade(area, grade, text)]
                continue
            window = {t.lower_ for t in doc[max(s.start, start - GRADE_WINDOW):min(s.end, end + GRADE_WINDOW)]}
            rank = 0 if "overall" in window else (1 if n == 0 else 2)
            overall_candidates.append((rank, Fact(grade, text)))
        for start, end, grade, year in recalled:
            # the areas an earlier grade is of: those of the grade its "from" hangs on ("were judged
            # to require improvement, down from good in 2018"), else the areas nearest it
            owner = next((g for g in reversed(current) if g[0] < start), None) \
                if any(t.lower_ == "from" for t in doc[max(s.start, start - 2):start]) else None
            of = areas_of.get(owner[0], []) if owner else [] if _council_held(doc[start:end].root) else \
                [areas()[doc[a:b].text.lower()] for a, b in area_spans
                 if _nearest_grade(doc, (a, b), found) == (start, end, grade)
                 and _tree_distance(doc[a:b].root, doc[start:end].root)[0] <= AREA_REACH]
            for area in [a for a in of if a != "overall effectiveness"] or [""]:
                rec.earlier.append(EarlierGrade(grade, year, text, area))
    if overall_candidates:
        rec.overall = min(overall_candidates, key=lambda c: c[0])[1]
    elif len(rec.areas) >= 3 and len({a.grade for a in rec.areas}) == 1:  # "good in every area"
        rec.overall = Fact(rec.areas[0].grade, rec.areas[0].sentence)


PRONOUNS = frozenset("it they".split())


def _subject_areas(sent, spans) -> list:
    """The area spans in the subject of a sentence's main verb ("Adoption was the one bright spot")."""
    subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return [(a, b) for a, b in spans for c in subjects if c.left_edge.i <= a and b - 1 <= c.right_edge.i]


def _pronoun_subject(sent) -> bool:
    """Whether a sentence's main verb has a pronoun for its subject ("It was judged good")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in PRONOUNS for c in sent.root.children)


def has_phrase(text: str, phrase: str) -> bool:
    """Whether `phrase` stands in `text` as whole words."""
    import re

    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _longest(spans):
    """Overlapping matches reduced to the longest ("requires improvement to be good" over "good")."""
    out = []
    for start, end in sorted(spans, key=lambda m: (m[0], -(m[1] - m[0]))):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def _of_a_named_other(token, own: str) -> bool:
    """Whether a grade is said of something other than the council and its services: a provider
    Ofsted grades on its own, by name ("Harbourside House was judged inadequate", "the third
    outstanding judgement in a row for Beechcroft House") or by kind ("two of the five children's
    homes were judged outstanding", "The Sycamores, a four-bed home, was rated good")."""
    # (the nearest verb with a subject: "X was rated requires improvement", the grade a verb itself)
    verb = next((a for a in [token, *token.ancestors] if a.pos_ in ("VERB", "AUX")
                 and any(c.dep_ in ("nsubjpass", "nsubj") for c in a.children)), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")), None) if verb is not None else None
    holders = [subject] if subject is not None and (subject.dep_ == "nsubjpass"
                                                    or verb.lemma_.lower() in RATING_WORDS | {"be"}) else []
    if token.head.lemma_.lower() in GRADE_NOUNS:  # (the judgement's "for" or "at": "… judgement for X")
        holders += [g for t in token.head.subtree if t.dep_ == "prep" and t.lower_ in ("for", "at")
                    for g in t.children if g.dep_ == "pobj"]
    return any(_names_provider(h) or _other_name(h, own) for h in holders)


def _other_name(token, own: str) -> bool:
    # (a name of two words or more: a capitalised first word, "Leadership was rated good", is none)
    if token.pos_ != "PROPN":
        return False
    name = [token, *(c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN")]
    return len(name) >= 2 and not any(t.lower_ in own.lower().split() or t.lemma_.lower() in SERVICE_WORDS
                                      or t.lower_ in COUNCIL_TYPES or t.lower_ in area_words() for t in name)


def _names_provider(token) -> bool:
    """Whether a noun phrase names a provider by its kind ("two of the five children's homes",
    "The Sycamores, a four-bed home"): its noun, or one it is "of" or in apposition with."""
    if token.pos_ == "NOUN" and token.lemma_.lower() in PROVIDER_WORDS:
        return True
    return token.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and any(
        _names_provider(x) for c in token.children if c.dep_ == "appos" or c.dep_ == "prep" and c.lower_ == "of"
        for x in ([c] if c.dep_ == "appos" else [g for g in c.children if g.dep_ == "pobj"]))


def _council_held(token) -> bool:
    """Whether a grade is one the council held or lost ("Saltmere County Council has lost its good
    rating"): the subject of its verb is a council, so the grade is its overall one."""
    verb = _verb_over(token)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb is not None else None
    return subject is not None and subject.lemma_.lower() in ("council", "authority")


def _nearest_grade(doc, area, found):
    """The grade an area mention goes with: the nearest in the parse tree ("children in care
    services received an outstanding rating": subject and object of one verb), then in words."""
    a = doc[area[0]:area[1]].root
    row = "|" in a.sent.text  # (a table row's cells are not parsed as a sentence: the next cell is its grade)
    # (a grade in the area's own stretch between dashes or semicolons, when it has one: "Ofsted rates
    # our services good - with adoption judged outstanding", "… all outstanding; care leavers' services
    # were rated good"; a grid line "Adoption – Good" has none)
    dashes = [t.i for t in a.sent if t.text in ("-", "–", "—", ";") and t.i > a.sent.start
              and (t.whitespace_ or t.text == ";")]
    stretch = lambda i: sum(d < i for d in dashes)  # noqa: E731
    own = [g for g in found if stretch(g[0]) == stretch(area[0])]
    found = own or found

    def distance(g):
        start, end, _ = g
        gap = area[0] - end if end <= area[0] else max(0, start - area[1])
        return (gap,) if row else (*_tree_distance(a, doc[start:end].root), gap)
    return min(found, key=distance)


def _name_head(token):
    """The head of the name a word is part of ("Council" for "Pendlesham" in "Pendlesham Borough Council")."""
    while token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head is not token:
        token = token.head
    return token


def _tree_distance(a, b) -> tuple[int, int]:
    """(path length between two tokens in the parse, steps from `a` up to where they meet):
    at equal length, the grade in the area's own clause wins."""
    up = {t.i: n for n, t in enumerate([a] + list(a.ancestors))}
    for n, t in enumerate([b] + list(b.ancestors)):
        if t.i in up:
            return n + up[t.i], up[t.i]
    return 99, 99


NEGATIVE_SUBJECTS = frozenset("none neither nobody nothing".split())
GENERAL_SUBJECTS = frozenset("most many few minority majority handful".split())
# What Ofsted grades on its own, apart from a council's children's services: "two of the
# council's children's homes were judged outstanding" grades the homes, not the council.
PROVIDER_WORDS = frozenset("home school nursery academy college childminder".split())


def _is_grade(doc, start, end, sent) -> bool:
    """A grade word said as a result: quoted, or near a rating word; not a hope, and not in a
    negated statement ("No authority has been judged ‘outstanding’ since …")."""
    before = doc[max(sent.start, start - GRADE_WINDOW):start]
    after = doc[end:min(sent.end, end + GRADE_WINDOW)]
    # (an aspiration of the clause that says the grade — "we aim to be outstanding", "its ambition is
    # to be good" — not any word before it: "from one part of the county to the next")
    clause = {t for a in [doc[start], *doc[start].ancestors] for t in [a, *a.children]}
    if any(t.lemma_.lower() in ASPIRATION_WORDS for t in clause | set(after)):
        return False
    # a comparison with it: "judged to be less than good", "still short of 'good'", "below good"
    prev = [t.lower_ for t in doc[max(sent.start, start - 3):start] if not t.is_quote]
    if prev[-1:] in (["than"], ["below"]) or prev[-2:] in (["short", "of"], ["shy", "of"]):
        return False
    # (a grade word paired with a word that is no grade describes something else: "sparse but adequate")
    tok = doc[start]
    paired = [tok.head] if tok.dep_ == "conj" else [c for c in tok.children if c.dep_ == "conj"]
    if end - start == 1 and any(t.pos_ == "ADJ" and t.lower_ not in grades() for t in paired):
        return False
    quoted = (start > sent.start and doc[start - 1].is_quote) or (end < sent.end and doc[end].is_quote)
    # (a grade word describing a thing that is not graded: "health histories in good time", "good support")
    head = doc[end - 1].head
    if end - start == 1 and doc[start].dep_ == "amod" and head.i > start and head.pos_ in ("NOUN", "PROPN") \
            and not quoted and "|" not in sent.text \
            and head.lemma_.lower() not in GRADE_NOUNS | SERVICE_WORDS | EVENT_WORDS \
            and head.lower_ not in area_words():  # ("inadequate leadership")
        return False
    governing = {doc[start].i} | {t.i for t in doc[start].ancestors}  # negated where it is said, not elsewhere
    # (councils in general: "most authorities … judged good", "only a minority have been rated good")
    if any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i in governing and (
            t.lemma_.lower() in GENERAL_SUBJECTS or t.tag_ == "NNS" and t.lemma_.lower() in ("council", "authority"))
           for t in sent):
        return False
    # ("not", "no authority", and a subject that is none of them: "None of the areas … was inadequate")
    # (a "not" negates its own verb: "were not doing as well …, and both were judged to require
    # improvement" negates no grade; "no" its noun's verb: "No authority has been judged …")
    # ("no longer inadequate": the "no" of a word modifying it)
    if any((t.dep_ == "neg" and (t.head.i in governing or t.head.dep_ == "advmod" and t.head.head.i in governing))
           or (t.dep_ == "det" and t.lower_ == "no" and (t.head.i in governing or t.head.head.i in governing))
           or (t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in NEGATIVE_SUBJECTS
               and (t.head.i in governing or t.head.head.i in governing)) for t in sent):
        return False
    near = {w for t in list(before) + list(after) for w in (t.lemma_.lower(), t.lower_)}
    # "rated X's services … inadequate", "judged services for care leavers outstanding": its heads, and the verb above it
    # (or any verb it hangs under, however the parse attached it: "rated the experiences … of children
    # who need help and protection as requiring improvement", "as" parsed under "need")
    verbs = [a for a in doc[start].ancestors if a.pos_ == "VERB"] or [doc[start].head]
    heads = {w for t in (doc[start].head, doc[start].head.head, *verbs) for w in (t.lemma_.lower(), t.lower_)}
    # (or a rating verb earlier in the same stretch of words, past a long name: "rated children's
    # services at Culverdale Metropolitan Borough Council inadequate")
    stretch = []
    for t in reversed(doc[max(sent.start, start - 3 * GRADE_WINDOW):start]):
        if t.is_punct:
            break
        stretch.append(t)
    # (Ofsted's full wording of a grade says nothing else: "it was, once again, requires improvement to be good")
    # (a rating verb however tagged in its third-person form: "The final report rates help … inadequate")
    if quoted or end - start >= 5 or (near | heads) & RATING_WORDS or any(
            (t.pos_ in ("VERB", "ADJ") or t.lower_ == t.lemma_.lower() + "s") and t.lemma_.lower() in RATING_WORDS
            for t in stretch):
        return True
    # a move from one grade to another, whatever verb says it ("knocking us down from outstanding to good")
    if _from_to(doc, start, end, sent):
        return True
    # the grade said as the sentence itself, answering a heading ("So what is the verdict?" /
    # "Requires improvement to be good, which is the same overall grade as in 2015.")
    if doc[start].dep_ == "ROOT" and any(t.lemma_.lower() in RATING_WORDS for t in sent):
        return True
    # the grade as the verb of a clause about the services, the council or a judgement area
    # ("Children's services in Sandlow require improvement", "The experiences and progress of care
    # leavers still require improvement"): the one grade whose name is a verb phrase, said of them
    # (Ofsted's own wording of a judgement: "the experiences and progress of children in X require …")
    if doc[start].pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") and (
            {t.lemma_.lower() for t in c.subtree} & (SERVICE_WORDS | {"experience", "progress"})
            or any(has_phrase(doc[c.left_edge.i:c.right_edge.i + 1].text.lower(), w) for w in areas()))
            for c in doc[start].children):
        return True
    # (a grid line's grade, or a table row's cell: "Children in care | Good | Requires improvement";
    # a list's item ends with a semicolon: "(c) adoption performance: outstanding;")
    cells = [c.strip(" .") for c in sent.text.split("|")]
    return _grid_line(sent.text) and sent.text.strip().rstrip(".;,").endswith(doc[start:end].text) or \
        len(cells) > 2 and doc[start:end].text in cells


def _from_to(doc, start: int, end: int, sent) -> bool:
    """Whether a grade is one end of "from <grade> to <grade>"."""
    said = lambda i: any(doc[i:].text.lower().startswith(g) for g in grades())  # noqa: E731 — a grade starts at i
    word = doc[start - 1].lower_ if start > sent.start else ""
    if word == "from":
        to = next((t.i for t in doc[end:min(sent.end, end + 4)] if t.lower_ == "to"), None)
        return to is not None and to + 1 < sent.end and said(to + 1)
    if word == "to":
        frm = next((t.i for t in reversed(doc[max(sent.start, start - 8):start - 1]) if t.lower_ == "from"), None)
        return frm is not None and said(frm + 1)
    return False


def _listed_after(doc, grade: tuple[int, int], area_start: int, found) -> bool:
    """An area listed after a colon that follows its grade, no other grade between ("Three of the
    four areas were rated outstanding: the impact of leaders, …, and children in care")."""
    between = doc[grade[1]:area_start]
    return any(t.text == ":" for t in between) and not any(grade[1] <= g[0] < area_start for g in found)


def _grid_line(text: str) -> bool:
    """A judgement area's line ("• Care leavers: good"), or a row that sets a grade alone after a
    dash ("Experiences and progress of care leavers – requires improvement") or a two-column table's bar. (A dash anywhere as
    a separator was tried and dropped, dev +2 and test −1: a sentence runs on past it; a table's
    row, "Care leavers | Good | Requires improvement", gives two inspections' grades.)"""
    text = text.strip()
    if ":" in text and len(text.split()) <= 25:
        return True
    # (or a two-column table's row: "Experiences and progress of care leavers | Outstanding")
    head, dash, tail = max((text.rpartition(d) for d in DASHES + ("|",) * (text.count("|") == 1)), key=lambda p: len(p[0]))
    return bool(dash) and len(head.split()) <= 25 and tail.strip(" .'\"‘’“”").lower() in grades()


INSPECTION_SIDE = frozenset("ofsted inspector inspectorate report letter they".split())


def finding_kind(words: set[str], text: str) -> str | None:
    """The kind of finding a text's lemmas (`words`) and wording introduce, if any."""
    for kind, cues in finding_cues().items():
        if any((" " in c and has_phrase(text.lower(), c)) or c in words for c in cues):
            return kind
    return None


def _cues(sent) -> tuple[str | None, list]:
    """The kind of finding a sentence introduces and the tokens that introduce it; a grade's
    words ("requires improvement") introduce none."""
    found: dict[str, list] = {}
    text = sent.text.lower()
    # (a word of a judgement area's name is no cue: "children who need help and protection")
    named = {w for wording in areas() if has_phrase(text, wording) for w in wording.split()}
    for kind, cues in finding_cues().items():
        for t in sent:
            if t.lemma_.lower() in cues and t.lower_ not in named and is_cue(t):
                found.setdefault(kind, []).append(t)
        # (a phrase by the sentence's root, and by its first word, whose clause says who says it:
        # "inspectors told us we can do better")
        if any(" " in c and has_phrase(text, c) for c in cues):
            found.setdefault(kind, []).extend([sent.root] + [t for c in cues if " " in c and has_phrase(text, c)
                                                             for t in sent if t.i != sent.root.i
                                                             and sent.doc.text[t.idx:t.idx + len(c)].lower() == c])
    kind = next(iter(found), None)
    return kind, found.get(kind, [])


def _quoted(token) -> bool:
    """Whether a token stands inside quotation marks in its paragraph (quotes run over
    paragraphs: a paragraph that ends by closing a quote it did not open is quoted too)."""
    text = token.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    line = text[start:end if end >= 0 else len(text)].rstrip()
    marks = lambda part: sum(part.count(q) for q in QUOTES)  # noqa: E731
    return marks(text[start:token.idx]) % 2 == 1 or (marks(line) % 2 == 1 and line.endswith(QUOTES))


QUOTES = ('"', "“", "”")


def is_cue(t, asked: bool = False) -> bool:
    """A cue word said as a finding: not a grade's ("requires improvement"), and in an article
    the noun "improvement" only as what a council is asked for ("areas for improvement"), not as
    progress ("signs of improvement", "improvement partner"); a question (`asked`) may ask about
    "improvements" but not about an "improvement partner"; the verb "improve" only as asked
    for, not as done ("had improved")."""
    if t.i > t.sent.start and t.nbor(-1).lemma_.lower() == "require":
        return False
    if t.lemma_.lower() == "need" and t.pos_ == "NOUN":  # "children's needs", "the high needs budget"
        return False
    if (t.pos_ in ("ADP", "SCONJ") and t.dep_ != "ROOT") or any(c.dep_ == "neg" for c in t.children):
        # "like" as a preposition ("councils like Northmoor"), unless it is the clause's verb however
        # tagged ("what did inspectors like about X?"); "anything Ofsted didn't like"
        return False
    if not asked and t.lemma_.lower() == "improve" and (t.tag_ == "VBD" or t.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lemma_ == "have" for c in t.children)):
        return False  # progress made ("recruitment had improved over the year"), not progress asked for
    if t.pos_ == "NOUN" and t.lemma_.lower() == "improvement":
        if not asked:
            return t.head.lower_ == "for"
        noun = t.head if t.dep_ == "compound" and t.head.tag_ == "NNS" else t  # "the two improvement points"
        return noun.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr")
    return True


def _said_by_inspection(token) -> bool:
    """Whether a cue is said by the inspection's side: a verb up its chain of heads has Ofsted,
    the inspectors or the report for its subject ("Ofsted said the council must improve …"),
    and the cue is not a speaker's own ("we need to …")."""
    nearest = None
    for _ in range(8):
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            nearest = nearest or subject
            # (or a word of it before its head: "Lead inspector Helen Marsh", "Lead inspector Lorraine
            # Oduya's team", "the inspection team")
            if subject.lemma_.lower() in INSPECTION_SIDE or any(
                    t.lemma_.lower() in INSPECTION_SIDE for t in subject.subtree if t.i < subject.i):
                # (unless the inspection side tells it them: "inspectors told us we can do better")
                return nearest.lower_ not in ("we", "i") or nearest.i == subject.i \
                    or token.lemma_.lower() in SPEECH_VERBS
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _findings(sents) -> list[Finding]:
    """What inspectors praised and asked the council to improve: the items of a list that a
    finding's lead-in opens ("They asked the council to improve:", or a paragraph announcing "a
    list of recommendations" before numbered items), or a sentence in which the inspection's side
    (Ofsted, inspectors, the report) makes the finding."""
    out, in_sections = _sections(sents)
    listed_to = 0  # the sentences up to here belong to a list read already
    last = (None, -2)  # the kind of the last finding read from a sentence, and that sentence's index
    for i, sent in enumerate(sents):
        text = sent.text.strip()
        if i in in_sections or i < listed_to or nlp.is_list_item(text) or text[:1] in "\"“‘'":
            continue
        if i == 0 and (sent.text.rstrip(" ").endswith("\n") or sent.doc.text[sent.end_char:][:1] in ("\n", "")):
            continue  # a headline sums up; the findings follow it
        kind, cues = _cues(sent)
        if kind is None and last == ("improve", i - 1) and _goes_on(sent):
            out.append(Finding(last[0], text, text))  # "They also want quicker health assessments …"
            last = (last[0], i)
            continue
        if kind is None and text.endswith(":") and any(t.lower_ in CONTRAST_WORDS for t in sent):
            # "However, they found:" — what inspectors found, set against what went before
            cues = [t for t in sent if t.lemma_.lower() == "find" and _said_by_inspection(t)]
            kind = "improve" if cues else None
        if kind is None and not text.endswith(":"):
            # what the inspection's side says is not so: "The report said some care leavers did not have
            # an up-to-date pathway plan" (a clause of another subject, not "Ofsted did not …")
            cues = [t.head for t in sent if t.dep_ == "neg" and t.head.pos_ in ("VERB", "AUX") and not _quoted(t)
                    and not any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in INSPECTION_SIDE
                                for c in t.head.children)
                    and t.head.dep_ in ("ccomp", "conj") and _said_by_inspection(t.head)]
            kind = "improve" if cues else None
        if kind is None and text.endswith(":"):  # "Ofsted has asked the authority to:"
            cues = [t for t in sent if t.lemma_.lower() in ASK_VERBS and t.pos_ == "VERB" and _said_by_inspection(t)]
            kind = "improve" if cues else None
        if kind is None:
            continue
        cues = [t for t in cues if not _quoted(t)]  # a speaker's words, not the inspection's
        if not cues:
            continue
        items, listed_to = _list_after(sents, i)
        if items:
            out += [Finding(kind, item, line) for item, line in items]
            continue
        if text.endswith(":"):
            continue  # a lead-in without its list is no finding
        said = [t for t in cues if t.pos_ in ("VERB", "AUX") or t.head.lower_ == "for"]
        if _leads_in(sent, cues) and i + 1 < len(sents) and not nlp.is_list_item(sents[i + 1].text.strip()):
            # "There was some praise. Children in care told inspectors …": the next sentence is the finding;
            # as many as it counts, in its paragraph ("The report raises three main concerns. …")
            count = next((int(v) for t in cues for c in t.children if c.dep_ == "nummod"
                          and (v := nlp.number_value(c.text)) is not None), 1)
            for j in range(i + 1, min(len(sents), i + 1 + min(count, 6))):
                following = sents[j].text.strip()
                out.append(Finding(kind, following, following))
                if _ends_line(sents[j]):
                    break
        elif any(_said_by_inspection(t) for t in said) or any(_existential(t) for t in cues) or _opened_by_inspection(sent):
            out.append(Finding(kind, text, text))
            last = (kind, i)
    return out


ASK_VERBS = frozenset("want ask urge recommend expect".split())  # what inspectors ask for


def _goes_on(sent) -> bool:
    """A sentence that asks for more after a finding of what to improve: the inspection's side
    (or a pronoun for it) also wanting or asking ("They also want quicker health assessments …";
    not "It also found …", which may praise)."""
    return sent.root.lemma_.lower() in ASK_VERBS and any(t.lower_ == "also" for t in sent) and any(
        t.dep_ in ("nsubj", "nsubjpass") and (t.lower_ in ("they", "it") or t.lemma_.lower() in INSPECTION_SIDE)
        and t.head.i == sent.root.i for t in sent)


def _list_after(sents, i: int) -> tuple[list[tuple[str, str]], int]:
    """The items (text, line) of the list that sentence `i` introduces, and the index after it:
    the sentence ends with ":", or its paragraph ends before a list. Items are the marked lines; a line the small model split off
    an item ("… placement moves in" / "a year") joins it, and a numbered item's explanation
    ("1. Strategy discussions must …" / "Inspectors found delays …") is skipped while the
    numbering goes on."""
    text = sents[i].text.strip()
    j = i + 1
    if not text.endswith(":"):
        while j < len(sents) and not _ends_line(sents[j - 1]):
            j += 1  # the rest of the lead-in's paragraph
    items: list[tuple[str, str]] = []
    while j < len(sents):
        line = sents[j].text.strip()
        if nlp.is_list_item(line):
            items.append((nlp.item_text(line), line))
        elif text.endswith(":") and all(not nlp.is_list_item(x) for _, x in items) and _ends_line(sents[j - 1]) \
                and _ends_line(sents[j]) and not line.endswith((".", "!", "?", ":", '"', "”")) and not line.isupper() \
                and not (items and "\n\n" in sents[j - 1].text_with_ws[len(sents[j - 1].text.rstrip()):]):
            # a line of its own with no full stop, in one block under the lead-in: an item whose bullet was lost
            items.append((line, line))
        elif items and not _ends_line(sents[j - 1]):
            items[-1] = (f"{items[-1][0]} {line}", f"{items[-1][1]} {line}")
        elif not (items and j + 1 < len(sents) and _numbered(sents[j + 1].text.strip()) and _numbered(items[-1][1])):
            break
        j += 1
    return items, (j if items else 0)


def _ends_line(sent) -> bool:
    return "\n" in sent.text_with_ws[len(sent.text.rstrip()):]


def _numbered(line: str) -> bool:
    """A list item marked by a number or letter ("1.", "(a)"), not a bullet."""
    mark = line.lstrip()[:1]
    return nlp.is_list_item(line) and (mark.isalnum() or mark == "(")


def _sections(sents) -> tuple[list[Finding], set[int]]:
    """Findings under a sub-heading that names their kind ("Strengths", "Areas for improvement"),
    up to the next sub-heading: its bulleted items, else its sentences in the article's own voice
    (not a quotation, nor what someone else said); and the indexes of the sentences it covers."""
    out, covered = [], set()
    heads = [i for i in range(1, len(sents)) if _is_heading(sents[i], sents[i - 1])] + [len(sents)]
    for start, end in zip(heads, heads[1:]):
        kind = _cues(sents[start])[0]
        if kind is None:
            continue
        body = [s for s in sents[start + 1:end] if not s.text.strip().endswith(":")]
        covered |= set(range(start, end))
        bullets = [s for s in body if nlp.is_list_item(s.text.strip())]
        items = bullets or [s for s in body if s.text.strip()[:1] not in QUOTE_MARKS and not _reported(s)]
        out += [Finding(kind, nlp.item_text(s.text.strip()), s.text.strip()) for s in items]
    return out, covered


def _reported(sent) -> bool:
    """Whether a sentence reports what someone other than the inspection said ("Ms Twine said …")."""
    return any(t.lemma_.lower() in SPEECH_VERBS and not any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower()
                                                            in INSPECTION_SIDE for c in t.children) for t in sent)


def _is_heading(sent, before) -> bool:
    """A line of its own, short and unpunctuated, between paragraphs: a sub-heading ("Strengths",
    "Areas for improvement", "What the partners said")."""
    text = sent.text.strip()
    return bool(text) and len(text.split()) <= HEADING_WORDS and (text[-1].isalnum() or text[-1] in "?" + QUOTE_MARKS) \
        and not nlp.is_list_item(text) \
        and sent.text_with_ws.endswith("\n") and before.text_with_ws.endswith("\n")


def _leads_in(sent, cues) -> bool:
    """A sentence that only announces a finding ("There was some praise.", "Inspectors did find
    some positive practice.") and goes on in its paragraph: its words are the cue, the noun the
    cue describes, the inspection's side and light verbs."""
    if "\n" in sent.text_with_ws[len(sent.text.rstrip()):]:
        return False  # the paragraph ends with it
    allowed = {t.i for t in cues} | {t.head.i for t in cues if t.dep_ == "amod"}
    # (with its own modifiers and count: "three main concerns"; and the verb whose object it is when
    # the inspection's side says it: "The report raises three main concerns.")
    allowed |= {c.i for t in cues for c in t.children if c.dep_ in ("amod", "nummod", "det")}
    allowed |= {t.head.i for t in cues if t.dep_ == "dobj" and t.head == sent.root and _said_by_inspection(sent.root)}
    # (and a phrase set before it: "Despite the overall judgement, inspectors found some strengths.")
    allowed |= {x.i for c in sent.root.children if c.dep_ in ("prep", "advcl") and c.i < sent.root.i
                for x in c.subtree}
    # (and the inspection's side as its subject, and an object that the cue describes: "Lead inspector
    # Helen Marsh and her team also identified areas where we can do better.")
    if _said_by_inspection(sent.root):
        allowed |= {x.i for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass") for x in c.subtree}
        allowed |= {x.i for c in sent.root.children if c.dep_ == "dobj" and c.lemma_.lower() in ANNOUNCED
                    and any(has_phrase(" ".join(t.lower_ for t in c.subtree), cue)
                            for cues in finding_cues().values() for cue in cues) for x in c.subtree}
    return not any(t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and t.i not in allowed
                   and t.lemma_.lower() not in INSPECTION_SIDE | nlp.LIGHT_VERBS | {"find"} for t in sent)


ANNOUNCED = frozenset("area point thing issue aspect".split())  # what a lead-in says it found ("areas where …")


def _existential(cue) -> bool:
    """"There was some credit for the adoption team": the article's own voice states the finding —
    not a speaker's ("Cllr Hobday said the council had known there were problems")."""
    return cue.pos_ == "NOUN" and cue.head.lemma_ == "be" and any(c.dep_ == "expl" for c in cue.head.children) \
        and not any(a.lemma_.lower() in SPEECH_VERBS and not _said_by_inspection(a) for a in cue.head.ancestors)


def _figures(sents, keep: int = 2) -> list[str]:
    """The sentences that give the most figures (counts, shares, money; not dates), at least two
    each or one the inspection found, in article order: what a summary adds beyond the grades."""
    counted = []
    for n, s in enumerate(sents):
        k = sum(e.label_ in ("CARDINAL", "PERCENT", "MONEY", "QUANTITY") for e in s.ents)
        k += bool(k) and any(t.lemma_ == "find" and _said_by_inspection(t) for t in s)  # "Inspectors found 140 …"
        if k >= 2 and not nlp.is_list_item(s.text.strip()) and not _quoted(s[0]):
            counted.append((k, n, s.text.strip()))
    return [t for _, _, t in sorted(sorted(counted, reverse=True)[:keep], key=lambda c: c[1])]


def _byline(sents) -> Fact | None:
    """The writer a byline names near the top ("By Bryony Tate, chief executive of … – 30 August
    2022", "By Rachel Osei, Social Affairs Editor | Wednesday 23 March 2016"): the name and what
    follows it, up to a dash or bar."""
    for sent in sents[:BYLINE_LINES]:
        if sent[0].lower_ == "by" and any(e.label_ == "PERSON" or e.start == sent.start + 1 and _name_like(e) for e in sent.ents):
            line = sent.text.strip()[2:].strip()
            for cut in (" | ", " – ", " — ", " - "):
                line = line.split(cut)[0]
            return Fact(line.strip(" ,"), sent.text.strip())
    # or a closing line: "This story was written by Owen Castle, Local Democracy Reporting Service.",
    # "Clare Hennessey is the paper's social affairs correspondent."
    for sent in sents[-2:]:
        person = next((e for e in sent.ents if e.label_ == "PERSON"), None)
        if person is None:
            continue
        if any(t.lemma_.lower() == "write" for t in sent) and person.root.head.lower_ == "by":
            return Fact(sent.text[person.start_char - sent.start_char:].strip(" .\n"), sent.text.strip())
        attr = next((c for c in person.root.head.children if c.dep_ == "attr"), None)
        if person.root.dep_ == "nsubj" and attr is not None and attr.lemma_.lower() in JOURNALISTS:
            what = sent.doc[attr.left_edge.i:attr.right_edge.i + 1].text
            return Fact(f"{person.text}, {what}", sent.text.strip())
    return None


JOURNALISTS = frozenset("correspondent reporter editor journalist writer columnist".split())


BYLINE_LINES = 6  # a byline stands among an article's first lines


def _opened_by_inspection(sent) -> bool:
    """A sentence that opens with the inspection's side saying or finding ("Inspectors found that
    …", "The report said …"), whatever the parse makes of the long clause after it."""
    words = [t for t in sent if not t.is_punct][:4]
    return any(t.lemma_.lower() in INSPECTION_SIDE and n.pos_ == "VERB" and n.lemma_.lower() in SPEECH_VERBS | {"find", "conclude", "note"}
               for t, n in zip(words, words[1:]))


def _name_like(ent) -> bool:
    """A name the small model took for an organisation: two or three title-case proper nouns, no
    council's or Ofsted's ("… services Amanda Perraton", "By Lauren Tiffany")."""
    return ent.label_ == "ORG" and 2 <= len(ent) <= 3 and all(t.pos_ == "PROPN" and t.is_title for t in ent) \
        and not any(t.lower_ in COUNCIL_TYPES + ("council", "ofsted") for t in ent)


def _people(doc) -> list[Person]:
    """People named with a role: the noun phrase beside the name that holds a role word."""
    out: dict[str, Person] = {}
    for ent in [*doc.ents, *_unlabelled_names(doc)]:
        # the small model sometimes takes a name for an organisation ("… services Amanda Perraton")
        maybe = _name_like(ent)
        # (or a name the model took for a place, known by the title after it: "Helen Marsh HMI")
        titled = len(ent) >= 3 and ent[-1].text.isupper() and ent[-1].lower_ in roles() \
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in ent)
        if ent.label_ != "PERSON" and not maybe and not titled:
            continue
        if maybe and ent.start > 0 and doc[ent.start - 1].lower_ in ("and", "of", "for", "&"):
            continue  # the end of a title ("Director of Children and Young People"), not a name
        name = ent.text.strip(" •\n")
        for tail in ("’s", "'s", "’", "'"):
            name = name.removesuffix(tail)
        # (a title after the name, in capitals: "Helen Marsh HMI", "Tom Hale MP")
        title = name.split()[-1] if len(name.split()) > 2 and name.split()[-1].isupper() \
            and name.split()[-1].lower() in roles() else ""
        name = name.removesuffix(title).strip()
        if len(name.split()) < 2 or not all(w[:1].isupper() for w in name.split()):
            continue
        _followed_by_pronoun(ent, name, out)
        before = _predecessor(ent, out)
        follows = _follows(ent) or (before.name if before else "")
        # (who took over holds the post of whom they followed: "He will be replaced by Deborah Kwan, who …")
        followed = out.get(" ".join(follows.split()[-2:])) if follows else None
        role = _role(ent) or (role_names()[title.lower()] if title else "") or (before.role if before else "") or \
            (followed.role.split(" since ")[0] if followed else "") or \
            _role_of_first(ent, out)  # (not their "… since 2016"; "Inspectors A and B": B's is A's)
        # (a councillor's title is their role: "Cllr Mohammed Rafiq asked …")
        # (with a full name after it: "Cllr Kirwan" is the "Cllr Sue Kirwan" named with her role)
        first = name.split()[0].lower().rstrip(".")
        role = role or (role_names().get(first, "") if len(name.split()) >= 3 and first in ("cllr", "councillor") else "")
        # a name with no role that says nothing ("said", "asked", "warned" …)
        if not role and (maybe or ent.root.head.lemma_.lower() not in SPOKE_VERBS):
            continue
        key = " ".join(name.split()[-2:])
        # ("Mr Pembury" is the Jonathan Pembury named before)
        if name.split()[0].lower().rstrip(".") in HONORIFICS:
            key = next((k for k in out if k.split()[-1] == name.split()[-1]), key)
        known = out.get(key)
        if known is None or (role and not known.role):
            out[key] = Person(name, role, ent.sent.text.strip(), _left(ent))
        elif _left(ent) and not known.left:  # a later sentence that says they went
            out[key] = Person(known.name, known.role, ent.sent.text.strip(), True)
        if follows and not out[key].follows:
            out[key].follows, out[key].follows_sentence = follows, ent.sent.text.strip()
    return list(out.values())


def _role_of_first(ent, people: dict) -> str:
    """The title in the plural before the names a name is a conjunct of ("Inspectors Deborah Quayle
    and Imran Sadiq", "Councillors Priya Mistry, Gavin Shore and Helen Toms")."""
    first = ent.root
    while first.dep_ == "conj" and first.head.ent_type_ == "PERSON":
        first = first.head
    title = [c for c in first.children if c.dep_ == "compound" and c.i < first.i and _role_word(c)
             and c.lower_.endswith("s") and c.lower_ not in roles()]
    return title[0].text if first.i != ent.root.i and title else ""


SUCCEED_VERBS = frozenset("replace succeed".split())  # and "take over from"
STAND_IN_VERBS = frozenset("cover stand deputise".split())  # "… for X"


def _follows(ent) -> str:
    """The name of the person someone took over from: "Owen Gallagher replaced Angela Frost",
    "Cllr Rhiannon Bates, who replaced Cllr Paul Gittins as …", "Mrs Frost will be succeeded by
    Owen Gallagher", "Dr Lee took over from Sam Pike"."""
    root = ent.root.head if ent.root.dep_ == "appos" else ent.root
    # "X will be succeeded by …", "he will be replaced on an interim basis by …" (wherever "by" hangs)
    by = root.head if root.dep_ == "pobj" and root.head.lower_ == "by" else None
    passive = next((a for a in by.ancestors if a.pos_ == "VERB"), None) if by is not None else None
    if passive is not None and passive.lemma_.lower() in SUCCEED_VERBS:
        before = [c for c in passive.children if c.dep_ == "nsubjpass"]
    else:
        verbs = ([root.head] if root.dep_ == "nsubj" else []) + [v for v in root.children if v.dep_ == "relcl"]
        before = [o for v in verbs for o in succeeded(v)]
    for tok in before:
        name = next((e for e in ent.doc.ents if e.start <= tok.i < e.end and e.label_ == "PERSON"), None)
        if tok.lower_ in ("he", "she") and ent.sent.start > 0:  # the person the sentence before named
            last = ent.doc[ent.sent.start - 1].sent
            name = next((e for e in reversed(ent.doc.ents) if e.label_ == "PERSON" and last.start <= e.start < last.end),
                        None)
        words = name.text if name is not None else " ".join(  # (not "from 1 August")
            t.text for t in tok.subtree if t.pos_ == "PROPN" and t.is_title and not t.ent_type_)
        if words and words != ent.text:
            return words.removesuffix("'s").removesuffix("’s")
    return ""


def _followed_by_pronoun(ent, name: str, people: dict) -> None:
    """"She replaces Colin Ashworth": the person the sentence before named (and `people` holds)
    follows the one replaced."""
    verb = ent.root.head
    if ent.root not in succeeded(verb) or ent.sent.start == 0 or \
            not any(c.dep_ == "nsubj" and c.lower_ in ("he", "she") for c in verb.children):
        return
    last = ent.doc[ent.sent.start - 1].sent
    named = next((e for e in reversed(ent.doc.ents) if e.label_ == "PERSON" and last.start <= e.start < last.end), None)
    known = people.get(" ".join(named.text.split()[-2:])) if named is not None else None
    if known is not None and not known.follows:
        known.follows, known.follows_sentence = name, ent.sent.text.strip()


def succeeded(verb) -> list:
    """Whom a verb of succession has its subject follow: the object of "replaced" / "succeeded",
    the one "took over from"."""
    lemma = verb.lemma_.lower()
    if lemma in SUCCEED_VERBS:
        return [c for c in verb.children if c.dep_ == "dobj"]
    if lemma in STAND_IN_VERBS:  # "covering for Andrew Pennell", "standing in for her"
        return [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children
                if p.dep_ == "pobj"]
    if lemma == "take" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "over" for c in verb.children):
        # (or the one who left when they took over: "who took over after Julian Strode left")
        return [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children
                if p.dep_ == "pobj"] + [c for v in verb.children if v.dep_ == "advcl" and v.lemma_.lower() in LEFT_VERBS
                                        for c in v.children if c.dep_ == "nsubj"]
    return []


LEFT_VERBS = frozenset("leave retire resign quit depart".split())  # a role's holder going ("stepped down" too)
SUCCESSION_NOUNS = frozenset("successor replacement".split())


def _left(ent) -> bool:
    """Whether a person is the subject of leaving: "Jonathan Pryce, the director, retired in
    December 2022", "… stepped down last month", "The director, Andrew Lusk, resigned" (the name
    in apposition to the subject)."""
    root = ent.root.head if ent.root.dep_ == "appos" else ent.root
    while root.dep_ == "pobj" and root.head.dep_ == "prep":  # ("The director of children's services, X, …")
        root = root.head.head
    verb = root.head if root.dep_ in ("nsubj", "nsubjpass") else None
    return verb is not None and (verb.lemma_.lower() in LEFT_VERBS or (
        verb.lemma_.lower() == "step" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "down" for c in verb.children)))


def _predecessor(ent, people: dict) -> Person | None:
    """The person a successor follows, whose role they hold: "His successor, Kirsty Mallender,
    started in January 2023" follows the person named before ("his": the last one with a role),
    "Pryce's replacement, …" Pryce."""
    root = ent.root
    noun = root.head if root.dep_ == "appos" else next((c for c in root.children if c.dep_ == "appos"), None)
    if noun is None or noun.lemma_.lower() not in SUCCESSION_NOUNS:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    held = [p for p in people.values() if p.role]
    if owner.pos_ != "PRON":
        held = [p for p in held if owner.text.removesuffix("'s").removesuffix("’s") in p.name.split()]
    return held[-1] if held else None


# Words before a name that make it a person's ("Cllr Imran Qureshi").
HONORIFICS = frozenset("cllr councillor dr mr mrs ms miss sir dame professor prof lord baroness lady".split())


def _unlabelled_names(doc) -> list:
    """Names the small model's entities miss ("Cllr Imran" taken for an organisation and
    "Qureshi" for a place): a run of two to four capitalised proper nouns that an honorific
    opens or that a role stands beside ("…, cabinet member for children, said"), as PERSON
    spans (a person it found in part, "Cllr Imran", too)."""
    from spacy.tokens import Span

    found = {(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"}
    out, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and not doc[j].is_sent_end:
            j += 1
        j = max(j, i + 1)
        run = doc[i:j]
        if 2 <= len(run) <= 4 and (run.start, run.end) not in found and run.root.pos_ == "PROPN":
            honorific = run[0].lower_.rstrip(".") in HONORIFICS
            role = any(c.dep_ == "appos" and any(t.lemma_.lower() in roles() for t in c.subtree)
                       for c in run.root.children)
            if honorific or role:
                out.append(Span(doc, run.start, run.end, label="PERSON"))
        i = j
    return out


def _role(ent) -> str:
    root = ent.root
    # the post a person was given ("appointed Eleanor Vance, a former director, as commissioner",
    # "the appointment of Colin Baptiste as interim director"), then their apposition, then a
    # relative clause that gives the post ("Tom Aldous, who became director of children's services")
    # (or, passive, was given: "Colin Reddaway was appointed as interim director")
    given = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else \
        root.head if root.dep_ in ("dobj", "nsubjpass") else None
    # (or took up themselves: "Gillian Stroud, currently assistant director, will take over as interim director")
    takes = [root.head] if root.dep_ == "nsubj" and root.head.pos_ == "VERB" else []
    # (or hung on the name itself, however parsed: "names Alison Threlfall, a former director, as commissioner")
    candidates = [p for t in ([given] if given is not None else []) + takes + [root] for c in t.children
                  if c.dep_ == "prep" and c.lower_ == "as" for p in c.children if p.dep_ == "pobj"]
    candidates += [t for t in root.children if t.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    candidates += [t for t in ent.sent if t.dep_ == "compound" and t.head == root and t.i < ent.start]
    # (of a clause's verbs, the post they came to hold first: "who was cabinet member … and became council leader")
    verbs = [w for v in root.children if v.dep_ == "relcl" for w in (v, *(c for c in v.children if c.dep_ == "conj"))]
    verbs.sort(key=lambda v: v.lemma_.lower() != "become")
    candidates += [c for v in verbs for c in v.children if c.dep_ in ("attr", "oprd")]
    # (or their own clause's: "Fiona Blackett has been director of children's services throughout")
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in ("be", "become", "remain"):
        candidates += [c for c in root.head.children if c.dep_ in ("attr", "oprd")]
    # (or took up "as" one: "Councillor Rosalind Tate, who took over as cabinet member …")
    candidates += [p for v in verbs for c in v.children
                   if c.dep_ == "prep" and c.lower_ == "as" for p in c.children if p.dep_ == "pobj"]
    for tok in candidates:
        # (a post given ends at its conjunct: "as interim director … and his commitment to …")
        ends = [c.left_edge.i for c in tok.children if c.dep_ in ("cc", "conj")] if tok.dep_ == "pobj" else []
        span = ent.doc[tok.left_edge.i:min(ends + [tok.right_edge.i + 1])]
        while len(span) > 1 and span[0].tag_ in ("IN", "TO"):  # ("wrote to director X", "to" parsed under it)
            span = span[1:]
        if span.start >= ent.start and span.end <= ent.end:
            continue
        if span.start < ent.start < span.end and tok.i < ent.start:  # (the noun they are apposed to: up to them)
            span = ent.doc[span.start:ent.start]
            while len(span) > 1 and span[-1].is_punct:
                span = span[:-1]
        # (nor one that names someone else: "…, Bernadette Harte, His Majesty's Inspector Graham Stokoe said")
        if any(e.label_ == "PERSON" and len(e) >= 2 and span.start <= e.start and e.end <= span.end
               and (e.root.dep_ == "nsubj" or e.root.dep_ == "appos" and e.root.head.i in range(ent.start, ent.end))
               and not any(_role_word(t) for t in e)
               and (e.start >= ent.end or e.end <= ent.start) for e in ent.doc.ents):
            continue
        if any(_role_word(t) for t in span):
            return _without(span.text, ent.text)
    # (who led an inspection is its lead inspector: "Catherine Holt, who led the inspection …", "a
    # team of six inspectors, led by Sophie Ndlovu")
    led = verbs + ([root.head] if root.dep_ == "nsubj" else [])
    if any(v.lemma_.lower() == "lead" and any(c.dep_ == "dobj" and c.lemma_.lower() in INSPECTION_WORDS | {"team"}
                                              for c in v.children) for v in led) \
            or root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.head.lemma_.lower() == "lead" \
            and root.head.head.head.lemma_.lower() in INSPECTION_WORDS | {"team"}:
        return "lead inspector"
    if root.dep_ == "conj" and root.head.ent_type_ == "PERSON":
        return ""  # "Inspectors Deborah Quayle and Imran Sadiq": the first name's role is the second's
    # "director of children's services Amanda Perraton": the noun phrase just before the name
    start = ent.start
    # (a role word however tagged: "wrote to director Jonathan Pembury", "director" taken for a verb)
    while start > ent.sent.start and ent.start - start < 10 and \
            (ent.doc[start - 1].pos_ in ("NOUN", "PROPN", "ADP", "PART", "ADJ", "DET", "CCONJ") or _role_word(ent.doc[start - 1])):
        start -= 1
    while start < ent.start and (ent.doc[start].pos_ in ("ADP", "CCONJ", "PART") or ent.doc[start].tag_ in ("IN", "TO")):
        start += 1  # (not the word that joins it to the sentence: "addressed to director of …")
    left = ent.doc[start:ent.start]
    if left and any(_role_word(t) for t in left):
        return _without(left.text, ent.text)
    return ""


def _role_word(t) -> bool:
    """A role's word, a title's plural too ("Her Majesty's Inspectors", which the model leaves unlemmatised)."""
    return t.lemma_.lower() in roles() or (t.pos_ == "PROPN" and t.lower_.removesuffix("s") in roles())


def _without(role: str, name: str) -> str:
    """"The council leader, Cllr Sheila Varney" -> "council leader": the role without the name."""
    for part in [name] + name.split():  # "…'s director of children's services, Simon" -> without "Simon"
        role = role.replace(part, "") if len(part) > 2 else role
    role = " ".join(role.split()).strip(" ,")
    for lead in ("The ", "the ", "a ", "A ", "an ", "An "):
        role = role.removeprefix(lead)
    words = role.split()
    while words and words[-1].strip(",.").lower() in ("cllr", "councillor", "dr", "mr", "mrs", "ms", "professor"):
        words.pop()  # "Council leader, Cllr" once the name is gone
    return " ".join(words).strip(" ,")


def _as_date(iso: str) -> date | None:
    parts = [int(p) for p in iso.split("-") if p.isdigit()]
    if not parts:
        return None
    return date(parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 28)


def read_records(documents: list, known: tuple[str, ...] = (), progress: bool = False) -> list[InspectionRecord]:
    """Read each loaded article (a LangChain `Document`) into its records (`understand_all`), and
    fill the document's metadata from its main one where front matter left a field empty: council, publication date, the date
    articles are ordered by, the inspection and its rating. Two passes: councils found by their
    full names in any article are then looked for in every article (one may name its own council
    briefly, "Hollinbrook", and its partner in full, "Saltmere County Council")."""
    if not documents:
        return []
    texts = [d.page_content[:MAX_READ_CHARS] for d in documents]
    if progress and len(texts) > 20:  # ~15 articles a second on 2 cores: show it on large ingests
        from tqdm import tqdm

        docs = [d for d in tqdm(nlp.iter_parse(texts), total=len(texts), desc="Reading articles", unit="article")]
    else:
        docs = nlp.parse_many(texts)
    metas = [{k: d.metadata.get(k, "") for k in ("council", "published", "rating", "title", "sort_date")}
             for d in documents]
    recs = [understand_all(d.page_content, d.metadata["source"], m, doc) for d, m, doc in zip(documents, metas, docs)]
    # (every council some article names in full, also one an article names only in a table of others)
    named = set(known) | {n for doc in docs for n in named_councils(doc)}
    # (not a part of a longer name: "Wrekin" of "Telford & Wrekin", "Chester" of "Cheshire West and Chester")
    names = tuple(sorted(n for n in named if not any(m != n and has_phrase(m, n) for m in named)))
    for i, (r, *_) in enumerate(recs):  # an article naming its own council briefly, and another by its full name
        if names:
            recs[i] = understand_all(documents[i].page_content, r.source, metas[i], docs[i], known=names)
    for d, (r, *_) in zip(documents, recs):
        m = d.metadata
        if not m.get("council") and r.council:
            m["council"] = r.council.value
        if not m.get("published") and r.published:
            m["published"] = r.published.value
        if not m.get("sort_date") and r.when:
            m["sort_date"], m["sort_date_inferred"] = r.when, not r.published
        if not m.get("inspection") and (r.inspected or r.overall):
            m["inspection"] = "; ".join(x for x in (
                f"inspected {r.inspected.value}" if r.inspected else "",
                f"'{r.overall.value}' overall" if r.overall else "") if x)
        if not m.get("rating") and r.overall:
            m["rating"] = r.overall.value
    return [r for parts in recs for r in parts]
