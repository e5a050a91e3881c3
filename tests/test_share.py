"""Share previews, embeds and oEmbed: what a link shows when it is pasted into a chat, a social network or
a newsroom's CMS (factcompare/site/preview.py, share.py, templates/embed.html)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from site_story import build_tiny_story, quake_story
from test_site_build import build_site

from factcompare.cli import main
from factcompare.site import preview
from factcompare.site.preview import FactPreview, PreviewValue, StoryPreview, draw_fact, draw_story, fact_preview
from factcompare.site.share import EMBED_WIDTH, embed_code, embed_height
from factcompare.site.views import STATUS_ORDER, STATUS_VIEWS

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://news.example.org/compare/"


def image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def pixels_of(img: Image.Image, colour: tuple[int, int, int]) -> int:
    return dict((c, n) for n, c in img.getcolors(1 << 20) or ()).get(colour, 0)


@settings(max_examples=60, deadline=None)
@given(width=st.integers(1, 40), height=st.integers(1, 30), seed=st.integers(0, 2**32 - 1),
       flat=st.booleans())
def test_a_preview_png_decodes_to_exactly_its_pixels(width: int, height: int, seed: int, flat: bool) -> None:
    import numpy as np

    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    if flat:  # what previews mostly are: runs of one colour
        pixels[:, : width // 2] = (227, 237, 251)
    original = Image.fromarray(pixels, mode="RGB")
    data = preview.encode_png(original)
    decoded = Image.open(io.BytesIO(data))
    decoded.load()  # a wrong length or checksum fails here
    assert decoded.format == "PNG" and decoded.mode == "RGB" and decoded.size == (width, height)
    assert decoded.tobytes() == original.tobytes()
    assert preview.encode_png(original) == data  # the same pixels, the same bytes


def a_preview(status: str = "conflict", **changes: object) -> FactPreview:
    fields: dict[str, object] = dict(
        site="factcompare", story="A flood in the east", title="How many people died in the flood?", status=status,
        kind="Number", summary="Sources conflict: 4,000 vs 11,300 cannot both be true.", current=None,
        values=(PreviewValue(value="4,000", sources=("Reuters", "AP"), more=0),
                PreviewValue(value="11,300", sources=("Red Crescent",), more=3)),
        more_values=2, sources=7)
    fields.update(changes)
    return FactPreview(**fields)  # type: ignore[arg-type]


# --- the images ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", STATUS_ORDER)
def test_a_fact_preview_is_a_1200_by_630_png_in_the_verdicts_colour(status: str) -> None:
    img = image(draw_fact(a_preview(status)))
    assert img.size == (1200, 630)
    background, line = preview.STATUS_COLOURS[status]
    assert pixels_of(img, line) > 24 * 600  # the edge in the verdict's colour, the badge's outline
    assert pixels_of(img, background) > 1000  # the badge's fill
    assert len(img.getcolors(1 << 16) or ()) > 20  # text was drawn: antialiased edges in many shades


def test_the_preview_follows_the_facts_state() -> None:
    assert draw_fact(a_preview("conflict")) != draw_fact(a_preview("agree"))
    changed = a_preview(values=(PreviewValue(value="5,000", sources=("Reuters",), more=0),))
    assert draw_fact(changed) != draw_fact(a_preview())


def test_drawing_is_deterministic() -> None:
    assert draw_fact(a_preview()) == draw_fact(a_preview())
    story = StoryPreview(site="factcompare", title="A flood", counts=(("conflict", 2), ("agree", 5)), facts=7,
                         sources=4, dates="10 Sep – 14 Sep 2023")
    first = draw_story(story)
    assert first == draw_story(story) and image(first).size == (1200, 630)
    assert pixels_of(image(first), preview.STATUS_COLOURS["conflict"][1]) > 24 * 600  # the most telling status


def test_long_text_is_cut_with_an_ellipsis_not_drawn_off_the_image() -> None:
    words = "Where exactly was the second of the two dams that failed above the city " * 6
    lines = preview.wrap(words, 50, True, 1000, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(preview._width(line, 50, True) <= 1000 for line in lines)
    huge = a_preview(title=words, summary=words, values=tuple(
        PreviewValue(value="1,234,567,890 " * 5, sources=("An outlet with a long name " * 3,) * 3, more=40)
        for _ in range(3)))
    assert image(draw_fact(huge)).size == (1200, 630)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=120), width=st.integers(min_value=40, max_value=1100),
       lines=st.integers(min_value=1, max_value=3))
def test_wrapped_text_fits_its_box(text: str, width: int, lines: int) -> None:
    out = preview.wrap(preview.drawable(text), 30, False, width, lines)
    assert len(out) <= lines
    assert all(preview._width(line, 30, False) <= width for line in out)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_every_character_drawn_is_one_the_font_has(text: str) -> None:
    covered = preview._covered()
    assert all(ord(ch) in covered for ch in preview.drawable(text))


def test_a_name_in_a_script_the_font_lacks_is_transliterated() -> None:
    assert preview.drawable("Jeju, Moon Jae-in") == "Jeju, Moon Jae-in"
    assert preview.drawable("제주") == "jeju"
    assert preview.drawable("Müller ≠ Muller") == "Müller ≠ Muller"  # Latin, and the verdicts' symbols, as they are
    assert all(ord(s.symbol) in preview._covered() for s in STATUS_VIEWS.values())


def test_a_facts_preview_shows_its_most_stated_values_in_order_of_mention() -> None:
    story = build_tiny_story()
    for fact in story.facts:
        p = fact_preview(story, fact, "site")
        assert p.status in STATUS_VIEWS and len(p.values) <= preview.PREVIEW_VALUES
        assert p.sources == len({c.article for c in fact.claims})
        stated = sum(len(v.sources) + v.more for v in p.values)
        assert stated <= p.sources


# --- embed code and oEmbed --------------------------------------------------------------------


def test_embed_code_escapes_the_title_and_the_address() -> None:
    code = embed_code('https://x.example/a"b/', 'Was it "10" <b>or</b> 12?', 480)
    tree = lxml.html.fragment_fromstring(code, create_parent="div")
    frame = tree.xpath("//iframe")[0]
    assert frame.get("title") == 'Was it "10" <b>or</b> 12?' and frame.get("src") == 'https://x.example/a"b/'
    assert frame.get("height") == "480" and f"max-width:{EMBED_WIDTH}px" in frame.get("style")
    assert tree.xpath("//b") == []


# --- built sites ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus built as the Pages workflow builds it: with a site_url."""
    folder = tmp_path_factory.mktemp("share") / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    out = folder.parent / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITE_URL", SITE_URL)
        assert main(["--corpus", str(folder), "--out", str(out), "--no-cache", "--executor", "serial", "--quiet"]) == 0
    return out


def fact_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "facts").glob("*/index.html"))


def local(site: Path, url: str) -> Path:
    """The file of the built site that an absolute address of it names."""
    assert url.startswith(SITE_URL), url
    path = urlsplit(url).path[len(urlsplit(SITE_URL).path):]
    return site / (path + "index.html" if path.endswith("/") or path == "" else path)


def meta(page: lxml.html.HtmlElement, name: str) -> str:
    found = page.xpath(f"//meta[@property='{name}' or @name='{name}']/@content")
    assert len(found) == 1, name
    return found[0]


def test_every_fact_page_has_a_preview_image_of_its_verdict(seed_site: Path) -> None:
    pages = fact_pages(seed_site)
    assert len(pages) > 20
    for path in pages:
        page = lxml.html.fromstring(path.read_bytes())
        status = page.xpath("//header[@class='fact-header']//span[contains(@class,'badge')]/@class")[0].split("s-")[1]
        assert meta(page, "twitter:card") == "summary_large_image"
        img = image(local(seed_site, meta(page, "og:image")).read_bytes())
        assert img.size == (int(meta(page, "og:image:width")), int(meta(page, "og:image:height"))) == (1200, 630)
        assert pixels_of(img, preview.STATUS_COLOURS[status][1]) > 24 * 600, path
        assert len(img.getcolors(1 << 16) or ()) > 20, path
        assert meta(page, "og:image:alt").startswith(page.xpath("//h1")[0].text_content().strip())


def test_the_story_home_has_a_preview_image(seed_site: Path) -> None:
    home = lxml.html.fromstring((seed_site / "index.html").read_bytes())
    img = image(local(seed_site, meta(home, "og:image")).read_bytes())
    assert img.size == (1200, 630) and len(img.getcolors(1 << 16) or ()) > 20
    assert meta(home, "twitter:card") == "summary_large_image"


def test_every_fact_page_links_an_oembed_record_that_meets_the_specification(seed_site: Path) -> None:
    for path in fact_pages(seed_site):
        page = lxml.html.fromstring(path.read_bytes())
        links = page.xpath("//link[@rel='alternate'][@type='application/json+oembed']/@href")
        assert len(links) == 1, path
        record = json.loads(local(seed_site, links[0]).read_text(encoding="utf-8"))
        # oEmbed 1.0, section 2.3.4: every response has type and version; a rich one html, width and height.
        assert record["version"] == "1.0" and record["type"] == "rich"
        assert isinstance(record["width"], int) and isinstance(record["height"], int) and record["height"] > 100
        assert record["title"] == page.xpath("//h1")[0].text_content().strip()
        assert record["provider_url"] == SITE_URL
        # The thumbnail's three fields come together or not at all; the image is the preview.
        assert {"thumbnail_url", "thumbnail_width", "thumbnail_height"} <= set(record)
        assert record["thumbnail_url"] == meta(page, "og:image")
        frame = lxml.html.fragment_fromstring(record["html"], create_parent="div").xpath("//iframe")[0]
        embed = local(seed_site, frame.get("src"))
        assert embed.exists() and embed.parent.parent == path.parent
        assert int(frame.get("height")) == record["height"]


def test_the_embed_shows_the_verdict_values_and_a_link_back_without_a_script(seed_site: Path) -> None:
    for path in fact_pages(seed_site):
        page = lxml.html.fromstring(path.read_bytes())
        embed = lxml.html.fromstring((path.parent / "embed" / "index.html").read_bytes())
        badge = "//span[contains(@class,'badge')]"
        assert embed.xpath(badge)[0].text_content() == page.xpath(badge)[0].text_content()
        assert embed.xpath("//h1")[0].text_content() == page.xpath("//h1")[0].text_content()
        values = [li.xpath("strong")[0].text_content() for li in embed.xpath("//ul[@class='embed-values']/li")]
        groups = {m.text_content() for m in page.xpath("//section[@class='source']//dd/strong")}
        assert values and set(values) <= groups
        assert embed.xpath("//p[@class='embed-link']/a/@href") == ["../"]
        assert embed.xpath("//base/@target") == ["_blank"]  # links leave the frame
        assert embed.xpath("//link[@rel='canonical']/@href") == [SITE_URL + path.parent.relative_to(seed_site).as_posix() + "/"]
        assert [s.get("src") for s in embed.xpath("//script")] == ["../../../assets/embed.js"]


def test_the_copy_embed_button_holds_the_embed_code(seed_site: Path) -> None:
    page = lxml.html.fromstring(fact_pages(seed_site)[0].read_bytes())
    button = page.xpath("//button[@class='copy-embed']")[0]
    code = button.get("data-code")
    frame = lxml.html.fragment_fromstring(code, create_parent="div").xpath("//iframe")[0]
    assert frame.get("src").startswith(SITE_URL) and frame.get("src").endswith("/embed/")


def test_without_site_url_there_is_no_oembed_and_the_code_waits_for_the_pages_address(tmp_path: Path) -> None:
    site = build_site(build_tiny_story(), tmp_path / "site")
    page = lxml.html.fromstring((site / "facts" / "death-toll" / "index.html").read_bytes())
    assert page.xpath("//link[@type='application/json+oembed']") == []
    assert list(site.rglob("*.oembed.json")) == []
    assert meta(page, "og:image") == "../death-toll.png" and (site / "facts" / "death-toll.png").exists()
    code = page.xpath("//button[@class='copy-embed']/@data-code")[0]
    assert 'src="{src}"' in code  # factcompare.js puts the embed's address, made from the page's, there
    assert page.xpath("//button[@class='copy-embed']/@data-src") == ["embed/"]


def test_preview_and_embed_follow_a_changed_value(tmp_path: Path) -> None:
    agreeing = {k: 120 for k in range(6)}
    before = build_site(quake_story(6, toll_of=agreeing), tmp_path / "before")
    after = build_site(quake_story(6, toll_of={**agreeing, 5: 135}), tmp_path / "after")

    def badge(site: Path, page: str) -> str:
        tree = lxml.html.fromstring((site / "facts" / "quantity-deaths" / page).read_bytes())
        return tree.xpath("//span[contains(@class,'badge')]")[0].text_content()

    assert (before / "facts/quantity-deaths.png").read_bytes() != (after / "facts/quantity-deaths.png").read_bytes()
    assert badge(before, "index.html") != badge(after, "index.html")
    for site in (before, after):
        assert badge(site, "embed/index.html") == badge(site, "index.html")
    # An unchanged fact draws the same image.
    assert (before / "facts/quantity-magnitude.png").read_bytes() == (after / "facts/quantity-magnitude.png").read_bytes()


def test_embed_height_grows_with_what_the_embed_lists() -> None:
    from factcompare.site.urls import Links
    from factcompare.site.views import fact_view

    story = quake_story(8, toll_of={k: 100 + k for k in range(8)})
    views = {f.id: fact_view(story, f, Links("facts/x/embed/")) for f in story.facts}
    one = min(views.values(), key=lambda v: len(v.groups))
    many = max(views.values(), key=lambda v: len(v.groups))
    assert len(many.groups) > len(one.groups)
    assert embed_height(many) > embed_height(one) > 200
