"""What the share previews cost: the images of a synthetic story of N articles, drawn and encoded.

A build draws a 1200×630 PNG for each fact that has a page and one for the story's home; a rebuild
draws again only those whose preview changed (the rest are linked from the last site, like pages).
This script reads a generated corpus through the real pipeline, then draws every preview in this
process alone and reports their number, the CPU time, the wall time a build spends on them with the
machine's cores (images are shared between processes, `plugin.PARALLEL_MADE`), and their size.

    python benchmarks/previews.py --articles 1000 [--workdir /tmp/fcpreviews] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generate import generate_corpus  # noqa: E402

from factcompare.parallel import default_workers, fork_map  # noqa: E402
from factcompare.pipeline import BuildSettings, build_story  # noqa: E402
from factcompare.site.catalogue import story_card  # noqa: E402
from factcompare.site.preview import draw_fact, draw_story, fact_preview, story_preview  # noqa: E402
from factcompare.site.views import has_page  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the corpus here and reuse it (default: a temp dir)")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="fcpreviews-"))
    corpus = work / f"corpus-{args.articles}-{args.seed}"
    if not corpus.is_dir():
        generate_corpus(corpus, args.articles, seed=args.seed)
    story = build_story(corpus, BuildSettings(executor="process", cache=work / "cache"))
    paged = [f for f in story.facts if has_page(story, f)]
    looks = [fact_preview(story, f, "factcompare") for f in paged]

    start, cpu = time.perf_counter(), time.process_time()
    images = [draw_fact(look) for look in looks]
    images.append(draw_story(story_preview(story_card(story, "", ""), "factcompare")))
    serial, cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    fork_map(draw_fact, looks, weight=lambda _: 1)
    shared = time.perf_counter() - start
    size = sum(map(len, images))
    print(f"{args.articles:,} articles, {len(story.facts):,} facts, {len(paged):,} with a page: "
          f"{len(images):,} preview images")
    print(f"drawn in this process: {serial:.2f} s wall, {cpu:.2f} s CPU, {1000 * serial / len(images):.1f} ms an image")
    print(f"shared between {default_workers()} processes as a build does: {shared:.2f} s wall "
          f"(on {os.cpu_count()} cores)")
    print(f"{size / 1e6:.1f} MB of PNG, {size / len(images) / 1e3:.0f} KB an image")
    return 0


if __name__ == "__main__":
    sys.exit(main())
