"""Benchmark factcompare builds against the bare MkDocs floor, on synthetic corpora, in one run.

Cases, for each corpus size:

- ``cold``: ``python build.py --corpus C --out O`` with the cache folder and the output removed.
- ``rebuild``: the same command after one article changed (cache warm).
- ``mkdocs``: bare ``mkdocs build`` of the same articles as plain Markdown pages, kept out of the
  navigation, no search plugin: the engine's floor.
- ``mkdocs+search``: the same with MkDocs' built-in search, to show what a whole-text index costs.

This machine's disk slows down as thousands of small files are deleted and rewritten, so runs are
interleaved (every case of every size, then again) and the table reports medians, with the mkdocs
floor measured in the same run as the baseline. Peak RSS is the largest single process (the build
or one of its workers), read from wait4(); a worker pool's memory adds up across processes.

    python benchmarks/run.py --sizes 100,1000,10000 --repeat 3 [--workdir /tmp/fcbench]

With ``--stories N`` each corpus is a site of N stories (``corpus/story-NN/``) of SIZE articles each,
and ``rebuild`` changes one article of the first story only: the other stories' files are linked from
the last site unread. The MkDocs floors are not run then (they have no notion of stories).

    python benchmarks/run.py --stories 20 --sizes 50 --cases cold,rebuild --repeat 3 --results /tmp/many.md
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CASES = ("cold", "rebuild", "mkdocs", "mkdocs+search")
CACHE = Path(".cache") / "factcompare"  # beside the corpus folder: factcompare.cache.default_cache_folder

MKDOCS_YML = """\
site_name: Benchmark floor ({size} articles)
docs_dir: docs
site_dir: {site}
theme:
  name: mkdocs
nav:
  - index.md
not_in_nav: |
  /articles/
plugins: {plugins}
"""


@dataclass
class Run:
    wall: float
    maxrss_kb: int
    exit_code: int
    user: float = 0.0  # CPU seconds of the command and the children it waited for (its workers)
    system: float = 0.0  # of which in the kernel: page faults, files made, pipes
    out_bytes: int = 0
    out_files: int = 0
    search_bytes: int | None = None
    error: str = ""


@dataclass
class Result:
    size: int
    case: str
    runs: list[Run] = field(default_factory=list)
    skipped: str = ""


# Builds run as an editor's do: Python caches compiled modules. Some sandboxes set this variable,
# which makes every build compile factcompare's modules from source again (0.2 s each time).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], cwd: Path, timeout: float) -> Run:
    """Run a command, return its wall time, CPU time and peak RSS (this child and the children it
    waited for: a build's workers, not the detached process that deletes an old site)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True,
                                env=CHILD_ENV)
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
        err.seek(0)
        tail = err.read().decode(errors="replace")[-2000:] if code else ""
    return Run(wall=wall, maxrss_kb=usage.ru_maxrss, exit_code=code, error=tail, user=usage.ru_utime,
               system=usage.ru_stime)


def tree_size(folder: Path) -> tuple[int, int]:
    total = files = 0
    for root, _, names in os.walk(folder):
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            files += 1
    return total, files


def search_index_bytes(out: Path) -> int | None:
    """MkDocs' search/search_index.json, a Pagefind folder, or any *search*.json the build wrote."""
    if (out / "pagefind").is_dir():
        return tree_size(out / "pagefind")[0]
    found = [p for p in out.rglob("*search*.json") if p.is_file()]
    return sum(p.stat().st_size for p in found) if found else None


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def articles_of(corpus: Path) -> list[Path]:
    """The corpus' articles: at its top (one story) or in its story folders."""
    return sorted(corpus.glob("*.md")) or sorted(corpus.glob("*/*.md"))


def prepare(workdir: Path, size: int, seed: int, stories: int = 0) -> Path:
    """Corpus and MkDocs floor project for one size; reused when a matching corpus is already there."""
    base = workdir / (f"s{stories}x{size}" if stories else f"n{size}")
    corpus = base / "corpus"
    if not corpus.is_dir() or len(articles_of(corpus)) != size * (stories or 1):
        remove(corpus)
        print(f"generating {size * (stories or 1)} articles in {corpus}", file=sys.stderr)
        if stories:
            for k in range(stories):  # one event a story, as a desk's stories are
                generate_corpus(corpus / f"story-{k:02d}", size, seed + k, stories=1)
        else:
            generate_corpus(corpus, size, seed)
    if stories:
        return base
    floor = base / "mkdocs"
    articles = floor / "docs" / "articles"
    if not articles.is_dir() or len(list(articles.glob("*.md"))) != size:
        remove(floor)
        articles.mkdir(parents=True)
        for path in sorted(corpus.glob("*.md")):
            shutil.copyfile(path, articles / path.name)
        (floor / "docs" / "index.md").write_text(f"# Benchmark\n\n{size} articles.\n")
    for name, plugins, site in (("mkdocs.yml", "[]", "site"), ("mkdocs-search.yml", "[search]", "site-search")):
        (floor / name).write_text(MKDOCS_YML.format(size=size, plugins=plugins, site=site))
    return base


def change_one_article(corpus: Path, rep: int) -> tuple[Path, str]:
    """Append a sentence to the first article (of the first story); return it and its old text so it can
    be restored."""
    path = articles_of(corpus)[0]
    old = path.read_text(encoding="utf-8")
    path.write_text(old + f"\nUpdate: {rep + 3} people remain missing, officials said on Sunday.\n", encoding="utf-8")
    return path, old


def run_case(case: str, base: Path, rep: int, args: argparse.Namespace) -> Run:
    corpus, out = base / "corpus", base / "site"
    build = [args.python, str(args.repo / "build.py"), "--corpus", str(corpus), "--out", str(out), *args.build_args]
    if case == "cold":
        remove(base / CACHE)
        remove(out)
        run = measure(build, args.repo, args.timeout)
    elif case == "rebuild":
        if not out.is_dir():  # make sure the cache is warm when "cold" was not asked for
            measure(build, args.repo, args.timeout)
        path, old = change_one_article(corpus, rep)
        try:
            run = measure(build, args.repo, args.timeout)
        finally:
            path.write_text(old, encoding="utf-8")
    else:
        config = "mkdocs.yml" if case == "mkdocs" else "mkdocs-search.yml"
        out = base / "mkdocs" / ("site" if case == "mkdocs" else "site-search")
        remove(out)
        run = measure([args.python, "-m", "mkdocs", "build", "-q", "-f", config], base / "mkdocs", args.timeout)
    if run.exit_code == 0 and out.is_dir():
        run.out_bytes, run.out_files = tree_size(out)
        run.search_bytes = search_index_bytes(out)
    return run


def fmt_mb(n: float | None) -> str:
    return "–" if n is None else f"{n / 1e6:.1f}"


def table(results: list[Result]) -> str:
    lines = [
        "| articles | case | wall s (median) | min–max s | CPU s | of which kernel s | peak RSS MiB | output MB "
        "| files | search index MB |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ok = [run for run in r.runs if run.exit_code == 0]
        if r.skipped or not ok:
            why = r.skipped or (f"failed (exit {r.runs[-1].exit_code})" if r.runs else "not run")
            lines.append(f"| {r.size:,} | {r.case} | {why} | | | | | | | |")
            continue
        walls = [run.wall for run in ok]
        last = ok[-1]
        lines.append(
            f"| {r.size:,} | {r.case} | {statistics.median(walls):.2f} | {min(walls):.2f}–{max(walls):.2f} "
            f"| {statistics.median(run.user + run.system for run in ok):.2f} "
            f"| {statistics.median(run.system for run in ok):.2f} "
            f"| {statistics.median(run.maxrss_kb for run in ok) / 1024:.0f} | {fmt_mb(last.out_bytes)} "
            f"| {last.out_files:,} | {fmt_mb(last.search_bytes)} |"
        )
    return "\n".join(lines)


def machine() -> str:
    try:
        from importlib.metadata import version

        mkdocs = version("mkdocs")
    except Exception:  # reported, not needed
        mkdocs = "?"
    return (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, MkDocs {mkdocs}, "
        f"{platform.system()} {platform.release()}, {time.strftime('%Y-%m-%d')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated article counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each case (median reported)")
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated subset of {','.join(CASES)}")
    parser.add_argument("--workdir", type=Path, help="keep corpora here and reuse them (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stories", type=int, default=0,
                        help="a site of this many stories, each of SIZE articles (default 0: one story)")
    parser.add_argument("--repo", type=Path, default=REPO, help="folder holding build.py")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--build-args", default="", help="extra arguments for build.py, e.g. '--executor process'")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run is killed")
    parser.add_argument("--results", type=Path, default=Path(__file__).resolve().parent / "results.md")
    args = parser.parse_args(argv)
    args.build_args = shlex.split(args.build_args)
    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s.strip()]
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = sorted(set(cases) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factcompare-bench-"))
    bases = {size: prepare(workdir, size, args.seed, args.stories) for size in sizes}
    results = {(size, case): Result(size, case) for size in sizes for case in cases}
    if args.stories:
        for (size, case), result in results.items():
            if case.startswith("mkdocs"):
                result.skipped = "skipped: a site of many stories has no MkDocs floor"
    if not (args.repo / "build.py").is_file():
        for (size, case), result in results.items():
            if case in ("cold", "rebuild"):
                result.skipped = f"skipped: no build.py in {args.repo}"

    for rep in range(args.repeat):  # interleaved: a slowing disk spreads over every case alike
        for size in sizes:
            for case in cases:
                result = results[size, case]
                if result.skipped:
                    continue
                run = run_case(case, bases[size], rep, args)
                result.runs.append(run)
                status = "ok" if run.exit_code == 0 else f"exit {run.exit_code}"
                print(f"[{rep + 1}/{args.repeat}] {size:>6} {case:<14} {run.wall:7.2f} s  {status}", file=sys.stderr)
                if run.exit_code:
                    print(run.error, file=sys.stderr)

    text = (
        "# factcompare benchmarks\n\n"
        f"{machine()}; {args.repeat} interleaved runs per case, median wall time; corpora from "
        f"`benchmarks/generate.py --seed {args.seed}`"
        f"{f'; {args.stories} stories of the given number of articles each' if args.stories else ''}. "
        "CPU is user and kernel time, medians, of the command "
        "and its workers. Peak RSS is the largest single process.\n\n"
        f"{table(list(results.values()))}\n"
    )
    print(text)
    args.results.write_text(text, encoding="utf-8")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(run.exit_code == 0 for r in results.values() for run in r.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
