"""The command line behind `python build.py`: build (default), serve, import, check.

Every user-facing failure is a located message and an exit code, never a traceback. A build
writes into a temporary folder beside the output and swaps it in only when it succeeded, so a
failed build leaves the last good site untouched.
"""

from __future__ import annotations

import argparse
import glob
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, NoReturn, Sequence

from .cache import StageCache, cache_salt, default_cache_folder
from .corpus import SLUG_RE
from .ids import LOCK_FILE, Held, lock_of, read_lock, write_lock
from .models import STATUSES, Problem, Story
from .parse import ModelMissing
from .pipeline import BuildSettings, build_stories, build_story, collector_paused
from .stories import (
    CORPUS_ENV,
    STORY_ENV,
    CorpusLayout,
    StoryFolder,
    has_articles,
    input_key,
    read_layout,
)

if TYPE_CHECKING:
    from .site.catalogue import StoryCard
    from .site.incremental import Previous
    from .site.plugin import StoryPart

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
EXIT_OK, EXIT_FAILED, EXIT_INTERNAL = 0, 1, 2


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class UserError(Exception):
    """A failure the user can fix; its message is shown as it is."""


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder of articles (default: corpus)")
    p.add_argument("--config", type=Path, default=None, help="mkdocs.yml to use (default: the project's)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (for CI)")
    p.add_argument("--executor", default="process",
                   help="where per-article work runs: serial, thread, process (default) or dask://HOST:PORT")
    p.add_argument("--workers", type=int, default=None, help="parallel workers (default: one per core)")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not write the per-article cache")
    p.add_argument("--quiet", "-q", action="store_true", help="only errors and the summary line")
    p.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python build.py", description="Build the factcompare site from a corpus.")
    sub = p.add_subparsers(dest="command")
    b = sub.add_parser("build", help="build the site (the default)")
    _common(b)
    b.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    s = sub.add_parser("serve", help="preview with live reload")
    _common(s)
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    s.add_argument("--story", default=None, metavar="ID", help="in a corpus of many stories, serve only this one")
    c = sub.add_parser("check", help="validate the corpus and facts.yaml, list what to curate next")
    _common(c)
    c.add_argument("--story", default=None, metavar="ID", help="in a corpus of many stories, check only this one")
    i = sub.add_parser("import", help="turn .html and .txt files into corpus Markdown")
    i.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    i.add_argument("--corpus", type=Path, default=Path("corpus"))
    i.add_argument("--force", action="store_true", help="overwrite articles that exist already")
    i.add_argument("--story", default=None, metavar="ID",
                   help="in a corpus of many stories, the story to file the articles into (its folder is made)")
    i.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        if args.command == "import":
            return cmd_import(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "serve":
            return cmd_serve(args)
        return cmd_build(args)
    except (UserError, ModelMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted; the last good site is untouched.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # the promise is: no traceback for the user; --debug shows it
        if getattr(args, "debug", False):
            raise
        print(f"internal error: {type(exc).__name__}: {exc}. The last good site is untouched. "
              "Run again with --debug for details and report it.", file=sys.stderr)
        return EXIT_INTERNAL


def run() -> NoReturn:
    """`main` as a program: exit without the interpreter's teardown, which would free a big story's
    millions of objects one by one (a second at 1,000 articles) after all the work is done. Files are
    closed and worker pools shut down by then; only the standard streams and logging need flushing."""
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _settings(args: argparse.Namespace) -> BuildSettings:
    cache = None if args.no_cache else default_cache_folder(args.corpus)
    return BuildSettings(executor=args.executor, workers=args.workers, cache=cache,
                         progress=not args.quiet and sys.stderr.isatty())


def _config_file(args: argparse.Namespace) -> Path:
    path = args.config or ROOT / "mkdocs.yml"
    if not path.exists():
        raise UserError(f"{path}: no mkdocs.yml. Pass --config PATH, or run from the project folder.")
    return path


def _layout(args: argparse.Namespace) -> tuple[CorpusLayout, list[Problem]]:
    if not args.corpus.is_dir():
        raise UserError(f"{args.corpus}: no such folder. Pass --corpus DIR with your articles.")
    layout, problems = read_layout(args.corpus)
    wanted = getattr(args, "story", None)
    if wanted:
        story = layout.story(wanted)
        if story is None or not layout.many:
            known = ", ".join(s.id for s in layout.stories) if layout.many else "none: the corpus is one story"
            raise UserError(f"{args.corpus}: no story '{wanted}' (its stories: {known}).")
        layout = replace(layout, stories=(story,))
    return layout, problems


def _import_later_stages() -> None:
    """Import what this process needs once the articles are analysed while workers analyse them:
    MkDocs, the plugin and its views (0.08 s), and reprint detection's datasketch (which imports
    scipy: 0.5 s). It would otherwise wait for the workers, then import all this."""
    import datasketch  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401

    from .site import plugin  # noqa: F401


def report(problems: Sequence[Problem], strict: bool) -> tuple[int, int]:
    """Print every problem, errors first; return (errors, warnings)."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for p in errors + warnings:
        print(str(p), file=sys.stderr)
    return len(errors), len(warnings)


class _Collect(logging.Handler):
    """Keeps what MkDocs and the plugin warn about while rendering, to list and count with the rest."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def summary_line(stories: Sequence[Story], warnings: int, seconds: float, out: Path | None = None,
                 many: bool = False, reused: Sequence[StoryCard] = (), corpus: Path | None = None) -> str:
    """'Built site/ from corpus/ as one story, 5 articles: 12 facts (…)', or 'as 3 stories, 12 articles'
    for a corpus of many (counting the stories reused unread by their cards): which layout was read."""
    counts = Counter(f.verdict.status for s in stories for f in s.facts if f.verdict)
    for card in reused:
        counts.update(card.counts)
    by_status = ", ".join(f"{counts[s]} {s.replace('_', ' ')}" for s in STATUSES if counts[s])
    articles = plural(sum(len(s.documents) for s in stories) + sum(c.sources for c in reused), "article")
    count = len(stories) + len(reused)
    layout = f"{count} stor{'y' if count == 1 else 'ies'}" if many else "one story"
    source = f"{corpus}/ as {layout}, " if corpus is not None else f"{layout}, "
    where = f"Built {out}/ from " if out else "Checked "
    kept = f"; {len(reused)} unchanged" if reused else ""
    return (f"{where}{source}{articles}: {plural(sum(counts.values()), 'fact')} ({by_status or 'none'}), "
            f"{plural(warnings, 'warning')}, in {seconds:.1f} s{kept}.")


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config_file = _config_file(args)
    layout, problems = _layout(args)
    # No collector pass until the build ends, rendering included: it makes few cycles, and each pass
    # re-scanned all it had made so far (at 10,000 articles that was 2 s of a 17 s render).
    with collector_paused():
        if not layout.many:
            identity: list[Held] = []  # the facts before overrides: what the id lock records
            story = build_story(layout.stories[0].path, _settings(args), identity=identity,
                                meanwhile=_import_later_stages, shared_aliases=layout.aliases)
            story = story.model_copy(update={"problems": (*problems, *story.problems)})
            return _build(args, config_file, layout, [StoryBuild(layout.stories[0], story, identity)], [], started)
        return _build_many(args, config_file, layout, problems, started)


class StoryBuild(NamedTuple):
    """A story this build reads: where it is, what it became, and its facts as the id lock records them."""

    folder: StoryFolder
    story: Story
    identity: list[Held]


def _build_many(args: argparse.Namespace, config_file: Path, layout: CorpusLayout, problems: list[Problem],
                started: float) -> int:
    """A corpus of many stories: the stories unchanged since the last build are not read at all (their
    files are linked from the last site, their cards come from the cache); the others are built together."""
    from .site.catalogue import StoryCard
    from .site.incremental import Previous, manifest_path, render_salt

    _import_later_stages()
    from mkdocs.config import load_config

    keys: dict[str, str] = {}
    reused: list[tuple[StoryFolder, StoryCard]] = []
    cards = previous = None
    if not args.no_cache:
        cache_folder = default_cache_folder(args.corpus)
        from .parse import model_id

        salt = render_salt(load_config(str(config_file))) + model_id()
        keys = {s.id: input_key(s, layout, salt) for s in layout.stories}
        cards = StageCache(cache_folder, salt=cache_salt("story-card"), value_type=StoryCard)
        previous = Previous.load(manifest_path(cache_folder, args.out.resolve()), args.out.resolve())
        contested = _contested_addresses(layout)
        for s in layout.stories:
            if s.id in contested:  # which story keeps an old address is decided among those built, by id
                continue
            card = cards.get(keys[s.id]) if previous and previous.story_intact(s.id, keys[s.id]) else None
            if card is not None:
                reused.append((s, card))
    kept = {s.id for s, _ in reused}
    todo = [s for s in layout.stories if s.id not in kept]
    identities: list[list[Held]] = [[] for _ in todo]
    stories = build_stories([s.path for s in todo], _settings(args), layout.aliases, identities, meanwhile=None)
    builds = [StoryBuild(s, story, identity) for s, story, identity in zip(todo, stories, identities)]
    problems = [*problems, *(p for _, card in reused for p in card.problems)]
    return _build(args, config_file, layout, builds, reused, started, problems, keys, cards, previous)


def _contested_addresses(layout: CorpusLayout) -> set[str]:
    """Ids of the stories that once lived at an address (the site's root, a folder since renamed) another
    story once lived at too: they are always built, so that the first by id keeps the old addresses as
    in a cold build, and the others' warnings about them are told on every build."""
    claims: dict[str, list[str]] = {}
    for s in layout.stories:
        for old in read_lock(s.path / LOCK_FILE)[0].former_addresses:
            if old != s.prefix:
                claims.setdefault(old, []).append(s.id)
    return {sid for ids in claims.values() if len(ids) > 1 for sid in ids}


def _build(args: argparse.Namespace, config_file: Path, layout: CorpusLayout, builds: list[StoryBuild],
           reused: list[tuple[StoryFolder, StoryCard]], started: float, problems: Sequence[Problem] = (),
           keys: dict[str, str] | None = None, cards: StageCache | None = None, previous: Previous | None = None) -> int:
    from .site.plugin import StoryPart
    from .site.views import has_page

    keys = keys or {}
    problems = [*problems, *(p for b in builds for p in b.story.problems)]
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if errors or (args.strict and warnings):
        return _failed(problems, [], args)
    parts = [StoryPart(b.folder.id, b.folder.prefix, b.story, keys.get(b.folder.id, "")) for b in builds]
    parts += [StoryPart(s.id, s.prefix, None, keys[s.id], card) for s, card in reused]
    order = {s.id: k for k, s in enumerate(layout.stories)}
    parts.sort(key=lambda part: order[part.id])
    # Warnings are listed after rendering, with the site's own, just above the summary line.
    site_warnings = render_site(parts, layout.many, config_file, args.out, args.corpus, strict=args.strict,
                                incremental=not args.no_cache, previous=previous)
    if args.strict and site_warnings:
        return _failed(problems, site_warnings, args, config_file)
    report(warnings, args.strict)
    for message in site_warnings:
        print(f"{config_file}: warning: {message}", file=sys.stderr)
    for b in builds:
        lock_path = b.folder.path / LOCK_FILE
        write_lock(lock_path, lock_of(b.identity, read_lock(lock_path)[0], published=list(b.story.facts),
                                      paged=[f.id for f in b.story.facts if has_page(b.story, f)],
                                      address=b.folder.prefix))
    if cards is not None:
        cards.store([(cards.digest(keys[p.id]), p.card.model_dump_json().encode()) for p in parts
                     if p.story is not None and p.card is not None and p.id in keys])
    print(summary_line([b.story for b in builds], len(warnings) + len(site_warnings), time.perf_counter() - started,
                       args.out, layout.many, [card for _, card in reused], args.corpus))
    return EXIT_OK


def _failed(problems: Sequence[Problem], site_warnings: list[str], args: argparse.Namespace,
            config_file: Path | None = None) -> int:
    errors, warnings = report(problems, args.strict)
    for message in site_warnings:
        print(f"{config_file}: warning: {message}", file=sys.stderr)
    warnings += len(site_warnings)
    why = plural(errors, "error") if errors else f"{plural(warnings, 'warning')} with --strict"
    print(f"Build failed ({why}); {args.out}/ was left as it was.", file=sys.stderr)
    return EXIT_FAILED


def render(story: Story, config_file: Path, out: Path, corpus: Path, strict: bool = False,
           incremental: bool = True) -> list[str]:
    """`render_site` for a site of one story."""
    from .site.plugin import StoryPart

    return render_site([StoryPart("", "", story)], False, config_file, out, corpus, strict, incremental)


def render_site(parts: list[StoryPart], many: bool, config_file: Path, out: Path, corpus: Path,
                strict: bool = False, incremental: bool = True, previous: Previous | None = None) -> list[str]:
    """Render into a temporary sibling of `out`, then swap it in; `out` is never half-written.

    With `incremental`, files the last build made from the same inputs are hard-linked from `out`
    instead of rendered (see factcompare.site.incremental; the manifest lives in the corpus' cache
    folder), a whole story at once when it is unchanged (a part without its story); without it
    everything is rendered and the manifest is dropped.
    `previous` is the last build's manifest when the caller has read it already.
    Returns what MkDocs and the plugin warned about; with `strict`, a warning keeps `out` as it was.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .site.incremental import Previous, forget, manifest_path, write_manifest

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    manifest = manifest_path(default_cache_folder(corpus), out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    mkdocs_log = logging.getLogger("mkdocs")
    collect, propagate = _Collect(), mkdocs_log.propagate
    mkdocs_log.addHandler(collect)
    mkdocs_log.propagate = logging.getLogger().level <= logging.DEBUG  # listed once, at the end
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        plugin = config.plugins.get("factcompare")
        if plugin is None:
            raise UserError(f"{config_file}: the factcompare plugin is not listed under plugins.")
        plugin.use_site(parts, many)  # type: ignore[attr-defined]
        if incremental and previous is None:
            previous = Previous.load(manifest, out)
        plugin.use_previous(previous if incremental else None, track=incremental)  # type: ignore[attr-defined]
        mkdocs_build(config)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"{config_file}: {exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(collect)
        mkdocs_log.propagate = propagate
    if strict and collect.messages:
        shutil.rmtree(staging, ignore_errors=True)
        return collect.messages
    swap_in(staging, out)
    if incremental:
        write_manifest(manifest, plugin.manifest, plugin.story_files)  # type: ignore[attr-defined]
    else:
        forget(manifest)
    return collect.messages


def swap_in(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames, so a crash leaves one complete site or the other.

    The old site is deleted by a detached process: deleting a site of thousands of folders takes this
    machine's disk from a tenth of a second to several seconds, and nothing waits for it. An old site
    left by an interrupted deletion is deleted with the next one.
    """
    leftovers = sorted(out.parent.glob(f".{glob.escape(out.name)}.old*"))
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old)  # onto the empty folder just made: a name no other build has
        leftovers.append(old)
    os.replace(staging, out)
    discard(leftovers)


def discard(folders: Sequence[Path]) -> None:
    """Delete folders in a process of their own that outlives this one (here, when it cannot start)."""
    if not folders:
        return
    script = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, ignore_errors=True)\n"
    try:
        subprocess.Popen([sys.executable, "-c", script, *map(str, folders)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def cmd_check(args: argparse.Namespace) -> int:
    """Every story's problems and what to curate next (one story's with --story)."""
    started = time.perf_counter()
    layout, problems = _layout(args)
    stories = build_stories([s.path for s in layout.stories], _settings(args), layout.aliases,
                            default_title=None if layout.many else "factcompare")
    errors, warnings = report([*problems, *(p for story in stories for p in story.problems)], args.strict)
    from .check import curation_report

    for folder, story in zip(layout.stories, stories):
        if layout.many:
            print(f"== {folder.id}: {story.title}")
        print(curation_report(story))
    print(summary_line(stories, warnings, time.perf_counter() - started, many=layout.many, corpus=args.corpus))
    return EXIT_FAILED if errors or (args.strict and warnings) else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    config_file = _config_file(args)
    _layout(args)  # a missing folder or an unknown --story is told here, not by the server
    os.environ[CORPUS_ENV] = str(args.corpus.resolve())
    if args.story:
        os.environ[STORY_ENV] = args.story
    serve(config_file=str(config_file), livereload=True, dev_addr=args.dev_addr)
    return EXIT_OK


def _import_folder(args: argparse.Namespace) -> Path:
    """Where imported articles go: the corpus of one story, or the folder of the story --story names."""
    layout = read_layout(args.corpus)[0] if args.corpus.is_dir() else None
    if not args.story:
        if layout is not None and layout.many:
            raise UserError(f"{args.corpus}: a corpus of many stories ({', '.join(s.id for s in layout.stories)}); "
                            "say which story the articles belong to with --story ID.")
        return args.corpus
    if layout is not None and not layout.many and has_articles(args.corpus):
        raise UserError(f"{args.corpus}: its articles are at its top: a corpus of one story. Import without "
                        "--story, or move them into a story folder first (see the README).")
    if not SLUG_RE.match(args.story):
        raise UserError(f"--story {args.story}: a story id is its folder's name and its address: lower-case "
                        "letters, digits and hyphens, e.g. ferry-capsizes.")
    return args.corpus / args.story


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import import_many

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise UserError(f"{missing[0]}: no such file or folder.")
    target = _import_folder(args)
    target.mkdir(parents=True, exist_ok=True)
    results, problems = import_many(list(args.paths), target, force=args.force, progress=sys.stderr.isatty())
    for result in results:
        print(result.describe())
    errors, warnings = report(problems, strict=False)
    print(f"Imported {plural(len(results), 'article')} into {target}/, "
          f"{plural(errors, 'error')}, {plural(warnings, 'warning')}.")
    return EXIT_FAILED if errors else EXIT_OK
