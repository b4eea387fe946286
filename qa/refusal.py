"""Refusals: what to say when the articles do not hold the answer, and how to tell.

Owns the refusal messages (one place, naming the councils the articles cover and, for a request
outside them, what the bot answers with an example), the names a question uses that the
articles never mention, and reading a model's own "not in the passages".
"""
from __future__ import annotations

import re

from index import tokenize

from . import policy
from .evidence import spelled_out

WANTED = {"date": "a date", "weekday": "a day of the week", "duration": "a length of time", "count": "a number", "percent": "a share",
          "money": "an amount of money", "person": "a name", "grade": "an inspection grade"}
# Entity types that name something a corpus would have to mention for the question to be about it.
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART")
# Words that frame a request rather than name anything ("Please", "Ofsted", "Council").
_FRAMING = frozenset(tokenize("what which who whom whose when where why how is are was were did do does can could "
                              "should would will has have had tell give list name please ofsted council councils "
                              "children services service report inspection inspector inspectors yes no ok okay "
                              "thanks thank hi hello uk england english"))


def unknown_names(doc, vocab: dict, known_aliases: set[str], texts=()) -> list[str]:
    """Names in a parsed question (its proper nouns and named entities) that appear nowhere in
    the articles, e.g. another council. A capitalised first word ("Roughly …") is no name, nor a
    short word the articles' words start with ("Lib Dem"); an
    initialism is known when words of the articles (`texts`) start with its letters ("DfE":
    "Department for Education", "RI": "requires improvement")."""
    spans = [e for e in doc.ents if e.label_ in NAME_LABELS]
    # (a group's adjective is no name: "the Tory attack" is the articles' "Conservative" one)
    spans += [doc[t.i:t.i + 1] for t in doc if t.pos_ == "PROPN" and t.ent_type_ != "NORP"
              and not any(t in e for e in spans)]
    unknown = []
    command = None  # the first word, if it is a request's verb the parser took for a name ("trace X's grades")
    for span in spans:
        phrase = span.text.strip(" ?.,'’")
        if not phrase or phrase.lower() in known_aliases:
            continue
        if span.start == 0 and command is None:
            from index.nlp import parse_cached

            command = parse_cached(f"please {doc[0].text.lower()} {doc[1:].text}")[1].tag_ == "VB"
        # its name words, not the words between two names ("kelderby vs brackenford")
        # (a known word is no name, however the phrase runs on: "union rep" is two role words)
        terms = [t for tok in span if tok.pos_ in ("PROPN", "NOUN", "X") and not (tok.i == 0 and command)
                 for t in tokenize(tok.text) if t not in _FRAMING and t not in known_aliases]
        # (a short word that starts a word of the articles cuts it short: "Lib Dem" for "Liberal Democrat")
        terms = [t for t in terms if not (len(t) <= 4 and any(w.startswith(t) for w in vocab))]
        if terms and any(t not in vocab for t in terms) and not spelled_out(phrase, texts):
            unknown.append(phrase)
    return list(dict.fromkeys(unknown))


# Imperatives that ask the articles for something; any other ("write a poem", "translate …",
# "calculate …") asks the bot to make something, which is not what it is for.
ASKING_VERBS = frozenset("list name give tell show summarise summarize describe explain compare find say "
                         "outline identify".split())


def outside_the_articles(doc, vocab: dict) -> bool:
    """A request that shares no noun or adjective with the articles ("what's the weather in Leeds") or asks
    for something to be made rather than found ("write a poem about social workers")."""
    first = next((t for t in doc if not t.is_punct), None)
    # (unless what it makes is of what the articles hold: "make me a list of the directors")
    made_of = [o for d in (first.children if first is not None else ()) if d.dep_ in ("dobj", "ccomp")
               for p in d.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    if first is not None and first.tag_ == "VB" and first.dep_ == "ROOT" and first.lemma_.lower() not in ASKING_VERBS \
            and not any({o.lemma_.lower(), o.lower_} & vocab.keys() for o in made_of):
        return True
    # (each word as written or as its lemma: "worse" is in the articles, its lemma "bad" may not be)
    words = [{t.lemma_.lower(), t.lower_} for t in doc
             if t.is_alpha and not t.is_stop and t.pos_ in ("NOUN", "PROPN", "ADJ")]
    # (an acronym's plural the lemmatiser leaves: "MPs" is "mp")
    forms = [{y for w in word for x in tokenize(w) for y in (x, x[:-1] if len(x) > 2 and x.endswith("s") else x)}
             - _FRAMING for word in words]
    forms = [f for f in forms if f]
    # (a role's word is the articles' however they spell it: "union reps" for "Unison's branch secretary")
    from index.records import role_words

    return bool(forms) and not any(f & vocab.keys() or role_words(f) for f in forms)


def says_not_found(raw: str) -> bool:
    """Whether the model's reply says the passages do not hold the answer."""
    text = raw.strip().lower()
    return not text or bool(re.search(r"(articles|passages|context|text)\s+(do not|don't|does not|doesn't)\s+(say|"
                                      r"mention|contain|provide|state|answer)|not (mentioned|stated|provided|given)|"
                                      r"no information|cannot be answered|not in the articles", text))


NAMED_COUNCILS = 8  # a refusal names this many councils the articles cover; past it, a count and the first few


def refusal_text(councils: list[str], unknown: list[str] | None = None, wanted=None, scope: bool = False,
                 missing: str = "") -> str:
    shown = councils if len(councils) <= NAMED_COUNCILS else councils[:3] + [f"{len(councils) - 3} more"]
    cover = ", ".join(shown[:-1]) + (f" and {shown[-1]}" if len(shown) > 1 else "".join(shown))
    if len(shown) < len(councils):  # "50 councils (Aldchester, Allerdene, Ashcombe and 47 more)"
        cover = f"{len(councils)} councils ({cover})"
    about = f"Ofsted inspections of children's services in {cover}" if cover else "Ofsted inspections"
    if scope:
        example = councils[0] if councils else "the council"
        return (f"I answer questions about the news articles on {about} — for example, "
                f"“What was {example}'s overall grade?”")
    if missing:  # "The articles have no 2022 inspection of Easthaven."
        return f"{missing} They cover {about}; try asking about those."
    if wanted is not None:
        return f"The articles don't give {WANTED[wanted.kind]} for that. They cover {about}."
    if unknown:
        return f"The articles have nothing on {', '.join(unknown)}. They cover {about}."
    return f"{policy.REFUSAL[:-1]}. They cover {about}; try asking about those."
