"""Reading the corpus folder: one reader per file format, every problem reported at once.

A reader turns decoded text into raw metadata plus the body; one table (`FrontMatter`) cleans
and validates the metadata for every format, so a `.md` and a `.txt` article obey the same
rules. Nothing here raises on bad input: an editor gets a list of `Problem`s, each with the file,
the line and what to do, and the good articles are still read (MkDocs' `Config.validate` habit).
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError, field_validator
from unidecode import unidecode

from .models import Article, Problem

log = logging.getLogger(__name__)

SIZE_LIMIT = 5 * 1024 * 1024
"""Bytes. A news article is a few tens of KB; a bigger file is almost surely not one."""

METADATA_KEYS: tuple[str, ...] = ("title", "outlet", "author", "published", "url", "language")
NOT_ARTICLES = frozenset({"facts.yaml", "facts.yml", "facts.lock.json", "aliases.yaml"})  # curation, id lock, shared aliases
SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
"""Lower-case letters and digits, joined by single hyphens or underscores: safe in any URL."""

# Western European text that is not UTF-8 is nearly always Windows-1252 (a superset of Latin-1's
# printable range). On short texts charset-normalizer often ranks cp1250 first ("São" read as
# "Săo"): prefer cp1252 whenever it decodes with no more mess than the best guess.


# --- metadata: one table for every format ---------------------------------------------------


class FrontMatter(BaseModel):
    """The metadata an article may carry; all optional (articles pasted without a title are common)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    title: StrictStr | None = None
    outlet: StrictStr | None = None
    author: StrictStr | None = None
    published: date | None = None
    url: StrictStr | None = None
    language: StrictStr | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        # Only YYYY-MM-DD: pydantic's lax mode would also take a Unix timestamp or a datetime string.
        if value is None or isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return date.fromisoformat(value.strip())  # ValueError for 2023-02-30: reported below
        raise ValueError("not an ISO date")

    @field_validator("title", "outlet", "author", "url", "language")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%A, %B %d, %Y",
                 "%d/%m/%Y", "%Y/%m/%d", "%Y.%m.%d", "%B %d %Y")


def parse_date_words(text: str) -> date | None:
    """A date written the usual English ways ('December 29, 2023'), or None."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip(".,"))
    cleaned = re.sub(r"\s+", " ", cleaned)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def _key_lines(lines: list[str], first_line: int) -> dict[str, int]:
    """Line of each top-level key, so a bad value points where the editor must look."""
    found: dict[str, int] = {}
    for offset, line in enumerate(lines):
        m = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if m and m.group(1) not in found:
            found[m.group(1)] = first_line + offset
    return found


def validate_metadata(raw: dict[str, Any], path: str, key_lines: dict[str, int]) -> tuple[dict[str, Any], list[Problem]]:
    """Clean raw metadata into Article fields; every bad key becomes a Problem, good keys are kept."""
    problems: list[Problem] = []
    fields: dict[str, Any] = {}
    raw = {str(k): v for k, v in raw.items()}
    for key in sorted(k for k in raw if k not in METADATA_KEYS):
        close = difflib.get_close_matches(key.lower(), METADATA_KEYS, n=1, cutoff=0.6)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        problems.append(Problem(
            path=path, line=key_lines.get(key), severity="warning",
            message=f"unknown front matter key '{key}' is ignored.",
            hint=hint + "Known keys: " + ", ".join(METADATA_KEYS) + ".",
        ))
    for key in METADATA_KEYS:
        if key not in raw:
            continue
        value = raw[key]
        try:
            checked = FrontMatter.model_validate({key: value})
        except ValidationError:
            problems.append(_bad_value(key, value, path, key_lines.get(key)))
            continue
        cleaned = getattr(checked, key)
        if cleaned is not None:
            fields[key] = cleaned
    return fields, problems


def _bad_value(key: str, value: Any, path: str, line: int | None) -> Problem:
    if key == "published":
        shown = str(value)
        guess = parse_date_words(shown) if isinstance(value, str) else None
        example = guess.isoformat() if guess else "YYYY-MM-DD"
        if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
            return Problem(path=path, line=line, message=f"published: '{shown.strip()}' is not a real date.",
                           hint="Check the day and month.")
        return Problem(path=path, line=line,
                       message=f"published must be an ISO date (YYYY-MM-DD), not '{shown}'.",
                       hint=f"Write it as published: {example}.")
    return Problem(path=path, line=line, message=f"{key} must be text, not {_type_name(value)}.",
                   hint=f'Put it in quotes: {key}: "{value}".')


# --- front matter -----------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (so `published` is checked by one rule with a clear
    message instead of PyYAML raising on 2023-02-30) and reports duplicate keys."""

    duplicates: list[tuple[str, int]]


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            if key in seen:
                loader.duplicates.append((str(key), key_node.start_mark.line))
            seen.add(key)
        except TypeError:  # unhashable key: construct_mapping reports it
            pass
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same reading through libyaml, ten times faster: a big corpus is thousands of front matters.

    Only the path for good input: whatever it finds wrong (or a PyYAML without libyaml) is read again
    by `_Loader`, whose messages name the line and the reason."""

    duplicates: list[tuple[str, int]]


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _fast_load(text: str) -> Any:
    """The front matter's data when libyaml reads it without complaint and without duplicate keys, else None."""
    try:
        loader = _FastLoader(text)
        loader.duplicates = []
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - any trouble: the careful reader says what it is
        return None
    return None if loader.duplicates else data


def yaml_error_at(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    """(0-based line, reason in one line) of any PyYAML error; its str() spans several lines."""
    if isinstance(exc, yaml.reader.ReaderError):
        where = text.count("\n", 0, exc.position) if isinstance(exc.position, int) else 0
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return where, f"the character U+{char:04X} is not allowed"
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    reason = getattr(exc, "problem", None) or getattr(exc, "context", None) or "invalid YAML"
    return (mark.line if mark is not None else 0), " ".join(str(reason).split())


def too_deep_line(text: str, depth: int = 50) -> int | None:
    """0-based line where YAML nesting first passes `depth`: PyYAML's composer recurses and gives up
    with a RecursionError that names no line; its scanner does not recurse, so it can find the place."""
    level = 0
    opening = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken, yaml.BlockSequenceStartToken,
               yaml.BlockMappingStartToken)
    closing = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
    try:
        for token in yaml.scan(text):
            if isinstance(token, opening):
                level += 1
                if level > depth:
                    return token.start_mark.line
            elif isinstance(token, closing):
                level -= 1
    except yaml.YAMLError:
        return None
    return None


@dataclass
class Parsed:
    """What a reader found in one file, before the metadata table cleans it."""

    metadata: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False


def split_front_matter(text: str, path: str) -> Parsed:
    """Split `---` YAML front matter from the body. Never raises: bad YAML becomes a Problem."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return _body_from(lines, 0, Parsed())
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        return Parsed(fatal=True, problems=[Problem(
            path=path, line=1, message="front matter starts with --- but has no closing --- line.",
            hint="Add a line with only --- after the last metadata line.",
        )])
    fm_lines = lines[1:close]
    parsed = Parsed(key_lines=_key_lines(fm_lines, 2))
    fm_text = "\n".join(fm_lines)
    data = _fast_load(fm_text)
    if isinstance(data, dict):
        parsed.metadata = data
        return _body_from(lines, close + 1, parsed)
    try:
        loader = _Loader(fm_text)
    except yaml.reader.ReaderError as exc:  # a control character: the reader refuses it before parsing
        line0, reason = yaml_error_at(exc, fm_text)
        parsed.problems.append(Problem(path=path, line=line0 + 2, message=f"front matter is not valid YAML: {reason}.",
                                       hint="Delete the invisible character, or retype the line."))
        parsed.fatal = True
        return parsed
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.reader.ReaderError as exc:
        line0, reason = yaml_error_at(exc, fm_text)
        parsed.problems.append(Problem(path=path, line=line0 + 2, message=f"front matter is not valid YAML: {reason}.",
                                       hint="Delete the invisible character, or retype the line."))
        parsed.fatal = True
        return parsed
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        reason = (exc.problem or "invalid YAML").strip()
        parsed.problems.append(Problem(
            path=path, line=line, message=f"front matter is not valid YAML: {reason}.",
            hint='Write one "key: value" per line; put values containing ": " or "#" in quotes.'))
        parsed.fatal = True
        return parsed
    except RecursionError:
        parsed.problems.append(Problem(path=path, line=(too_deep_line("\n".join(fm_lines)) or 0) + 2,
                                       message="front matter is nested too deeply to read.",
                                       hint='Write one "key: value" per line.'))
        parsed.fatal = True
        return parsed
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        parsed.problems.append(Problem(path=path, line=1, message=f"front matter is not valid YAML: {exc}.",
                                       hint='Write one "key: value" per line.'))
        parsed.fatal = True
        return parsed
    finally:
        loader.dispose()
    for key, line0 in loader.duplicates:
        parsed.problems.append(Problem(path=path, line=line0 + 2, severity="warning",
                                       message=f"front matter key '{key}' appears twice; the last one is used.",
                                       hint="Delete one of them."))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        parsed.problems.append(Problem(path=path, line=2, message="front matter must be \"key: value\" lines.",
                                       hint="Write e.g. title: ..., author: ..., published: 2024-01-31."))
        parsed.fatal = True
        return parsed
    parsed.metadata = data
    return _body_from(lines, close + 1, parsed)


def _body_from(lines: list[str], start: int, parsed: Parsed) -> Parsed:
    first = start
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines):  # no body: point at where it should begin
        start = min(first, max(len(lines) - 1, 0))
    parsed.body = "\n".join(lines[start:]).rstrip()
    parsed.body_line = start + 1
    return parsed


# --- plain text: metadata from the top lines ------------------------------------------------

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+"
DATELINE_RE = re.compile(
    rf"^\s*(?:(?:Published|Updated|Posted)(?:\s+on)?:?\s+)?(?:{_WEEKDAY})?"
    rf"(?P<date>{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
"""A date at the start of a line: 'December 29, 2023', 'Thursday, December 28, 2023 – The ...'."""

_TIME_TAIL = re.compile(r"^\s*(?:(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?\s*$", re.I)
_NAME_WORD = r"(?:[A-Z][a-z'’\-]+|[A-Z]\.|(?:de|van|von|der|al|bin|la|le|da|di)\b|[A-Z][a-z]*[A-Z][a-z]+)"
BYLINE_RE = re.compile(rf"^\s*(?:By\s+)?(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}(?:\s+(?:and|&)\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})?)\s*$")
_BY_PREFIX = re.compile(r"^\s*By\s+", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def reads_as_sentence(line: str) -> bool:
    """A first line that ends like a sentence and is long is the lead, not a headline."""
    words = line.split()
    return bool(_SENTENCE_END.search(line)) and len(words) >= 8 or len(words) > 40


def match_dateline(line: str) -> tuple[date, str] | None:
    """(date, rest of line) when the line starts with a date."""
    m = DATELINE_RE.match(line)
    if not m:
        return None
    day = parse_date_words(m.group("date"))
    return (day, m.group("rest")) if day else None


def _is_date_line(line: str) -> date | None:
    found = match_dateline(line)
    if found and _TIME_TAIL.match(found[1]):
        return found[0]
    return None


def _byline(line: str) -> str | None:
    m = BYLINE_RE.match(line)
    if not m:
        return None
    name = m.group("name")
    # Without "By", a byline must look like a person: 2-5 words, not a shouted label.
    if not _BY_PREFIX.match(line) and (name.isupper() or len(name.split()) > 5):
        return None
    return name


def read_text_header(text: str) -> Parsed:
    """Title, byline and date line at the top of a plain-text article; the rest is the body.

    Only whole lines are taken: a dateline that opens the lead paragraph ('Thursday, December 28,
    2023 – The ...') gives the date but stays in the body, which is kept word for word.
    """
    lines = text.split("\n")
    parsed = Parsed()
    i = 0

    def skip_blank(k: int) -> int:
        while k < len(lines) and not lines[k].strip():
            k += 1
        return k

    i = skip_blank(i)
    if i < len(lines):
        first = lines[i].strip()
        dated = _is_date_line(first)
        if dated is None and _byline(first) is None and not reads_as_sentence(first):
            parsed.metadata["title"] = first
            parsed.key_lines["title"] = i + 1
            i = skip_blank(i + 1)
    # Up to three header lines (byline, date) right under the title, in either order.
    for _ in range(3):
        if i >= len(lines):
            break
        line = lines[i].strip()
        dated = _is_date_line(line)
        if dated and "published" not in parsed.metadata:
            parsed.metadata["published"] = dated
            parsed.key_lines["published"] = i + 1
        elif "author" not in parsed.metadata and (name := _byline(line)):
            parsed.metadata["author"] = name
            parsed.key_lines["author"] = i + 1
        else:
            break
        i = skip_blank(i + 1)
    if "published" not in parsed.metadata and i < len(lines):
        found = match_dateline(lines[i])
        if found and found[1].strip()[:1] in ("–", "—", "-", ":", "(", "|"):
            parsed.metadata["published"] = found[0]
            parsed.key_lines["published"] = i + 1
    return _body_from(lines, i, parsed)


# --- readers ------------------------------------------------------------------------------


class Reader:
    """Reads one format. Subclasses list their `extensions` and implement `parse`."""

    extensions: ClassVar[tuple[str, ...]] = ()

    def parse(self, text: str, path: str) -> Parsed:
        raise NotImplementedError

    def read(self, path: Path, display: str | None = None) -> tuple[Article | None, list[Problem]]:
        """Read one file into an Article; None (and Problems saying why) when it cannot be."""
        shown = display or str(path)
        text, problems = read_text(path, shown)
        if text is None:
            return None, problems
        article, more = self.build(text, path.stem, shown)
        return article, problems + more

    def build(self, text: str, article_id: str, shown: str) -> tuple[Article | None, list[Problem]]:
        """Decoded text -> Article, applying the shared metadata table."""
        parsed = self.parse(text, shown)
        problems = list(parsed.problems)
        if parsed.fatal:
            return None, problems
        # A bad metadata value is reported and left empty: the article still reads (for `serve`).
        fields, more = validate_metadata(parsed.metadata, shown, parsed.key_lines)
        problems += more
        fatal = not parsed.body.strip() or not SLUG_RE.match(article_id)
        if not parsed.body.strip():
            problems.append(Problem(path=shown, line=parsed.body_line, message="the article has no text.",
                                    hint="Paste the article text below the metadata, or delete the file."))
        if not SLUG_RE.match(article_id):
            problems.append(Problem(
                path=shown, message=f"the file name '{article_id}' is not a URL slug, so it cannot be an article id.",
                hint=f"Rename it to {slugify(article_id) or 'article'}{Path(shown).suffix} "
                "(lower-case letters, digits and hyphens).",
            ))
        if fatal:
            return None, problems
        article = Article(id=article_id, source=shown, body=parsed.body, body_line=parsed.body_line, **fields)
        return article, problems


class MarkdownReader(Reader):
    """Markdown with optional YAML front matter between --- lines."""

    extensions = (".md", ".markdown")

    def parse(self, text: str, path: str) -> Parsed:
        return split_front_matter(text, path)


class TextReader(Reader):
    """Plain text as pasted from a page: title, byline and date lines at the top."""

    extensions = (".txt",)

    def parse(self, text: str, path: str) -> Parsed:
        return read_text_header(text)


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add a reader to the registry by its extensions; a clash is a programming error."""
    for ext in reader.extensions:
        if ext in READERS:
            raise ValueError(f"two readers claim {ext}: {type(READERS[ext]).__name__} and {type(reader).__name__}")
        READERS[ext] = reader
    return reader


register(MarkdownReader())
register(TextReader())


def reader_for(path: Path) -> Reader | None:
    return READERS.get(path.suffix.lower())


# --- bytes to text ----------------------------------------------------------------------------


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> text with LF line ends and no BOM; non-UTF-8 is read but warned about."""
    problems: list[Problem] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            problems.append(_not_utf8(path, "UTF-16"))
            return _clean_newlines(text.lstrip("\ufeff")), problems
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is not None:
            problems.append(_not_utf8(path, "UTF-16"))
            return _clean_newlines(wide), problems
        return None, [Problem(path=path, line=line_at(data, data.index(b"\x00")),
                              message="this is not a text file (it contains binary data).",
                              hint="Only .md and .txt articles belong in the corpus folder: move it elsewhere.")]
    bad_at = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text, bad_at = None, exc.start
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        western = from_bytes(data, cp_isolation=["cp1252"]).best()
        encoding = best.encoding if best else None
        if western is not None and (best is None or western.chaos <= best.chaos + 0.01):
            encoding = "cp1252"
        try:
            text = data.decode(encoding) if encoding else None
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is None:
            return None, [Problem(path=path, line=line_at(data, bad_at or 0),
                                  message="the text cannot be decoded: it is neither UTF-8 nor a known encoding.",
                                  hint="Open it in an editor and save it as UTF-8.")]
        problems.append(_not_utf8(path, encoding or "unknown").model_copy(update={"line": line_at(data, bad_at or 0)}))
    return _clean_newlines(text), problems


def line_at(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset: where an editor finds a bad byte."""
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte order mark, told apart from binary by its zero bytes: in Latin
    text every other byte is zero (the odd ones little-endian, the even ones big-endian), never both."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if even and odd:
        return None
    if max(even, odd) < len(data) // 4:
        return None
    try:
        text = data.decode("utf-16-le" if odd else "utf-16-be")
    except UnicodeDecodeError:
        return None
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f" for ch in text):
        return None
    return text


def _not_utf8(path: str, encoding: str) -> Problem:
    return Problem(path=path, severity="warning", message=f"the file is not UTF-8; it was read as {encoding}.",
                   hint="Check the accented letters, then save it as UTF-8.")


def _clean_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a file's text, with size and encoding checks."""
    try:
        size = path.stat().st_size
        if size > SIZE_LIMIT:
            return None, [Problem(path=shown, message=f"the file is too large for an article ({size:,} bytes; the limit "
                                  f"is {SIZE_LIMIT:,}).", hint="Keep only the article text in it.")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(path=shown, message=f"cannot read the file: {exc.strerror or exc}.",
                              hint="Check that it exists and is readable.")]
    return decode(data, shown)


# --- the folder -----------------------------------------------------------------------------


def is_article_candidate(path: Path) -> bool:
    """Files that are never articles: dotfiles, README*, the curation file."""
    name = path.name
    return not (name.startswith(".") or name.lower().startswith("readme") or name.lower() in NOT_ARTICLES)


def read_corpus(folder: Path) -> tuple[list[Article], list[Problem]]:
    """Every article in the folder, sorted by file name, and every problem found on the way."""
    if not folder.is_dir():
        return [], [Problem(path=str(folder), message="the corpus folder does not exist.",
                            hint="Create it and put articles in it, or choose another with --corpus DIR.")]
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.is_file() or not is_article_candidate(path):
            continue
        shown = str(path)
        reader = reader_for(path)
        if reader is None:
            hint = ("Turn it into a corpus article with: python build.py import " + shown
                    if path.suffix.lower() in (".html", ".htm") else "Move it out of the corpus folder.")
            problems.append(Problem(path=shown, severity="warning",
                                    message=f"ignored: no reader for {path.suffix or 'files without an extension'}.",
                                    hint=hint))
            continue
        if path.stem in seen:
            problems.append(Problem(path=shown, message=f"the article id '{path.stem}' is already used by {seen[path.stem]}.",
                                    hint="Rename one of the files: an id is the file name without extension."))
            continue
        seen[path.stem] = shown
        article, found = reader.read(path, shown)
        problems += found
        if article is not None:
            articles.append(article)
    if not articles and not any(p.severity == "error" for p in problems):
        problems.append(Problem(path=str(folder), severity="warning", message="the corpus has no articles.",
                                hint="Add .md or .txt files, or import pages with: python build.py import FILE..."))
    for problem in problems:
        log.debug("%s", problem)
    return articles, problems


def slugify(text: str, max_length: int = 60) -> str:
    """A URL slug from any text: ASCII, lower case, hyphens; cut on a word boundary."""
    ascii_text = unidecode(unicodedata.normalize("NFC", text)).lower().replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")
