"""The link checker CI runs on the built site: it must catch what breaks a reader's click."""

from factcompare.linkcheck import check_site, main


def make_site(tmp_path, pages):
    for name, html in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return tmp_path


def test_a_sound_site_has_no_problems(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="facts/toll/">t</a><a href="facts/toll/#source-a">s</a><a href="https://x.org/">x</a>',
        "facts/toll/index.html": '<article id="source-a"></article><a href="../../">home</a><a href="#top">top</a>',
    })
    assert check_site(site) == []
    assert main([str(site)]) == 0


def test_broken_files_anchors_and_root_absolute_links_are_reported(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="facts/toll/#source-b">s</a><a href="/facts/toll/">abs</a>'
                      '<img src="img/missing.png"><a href="../outside.html">out</a>',
        "facts/toll/index.html": '<article id="source-a"></article>',
    })
    (tmp_path.parent / "outside.html").write_text("x")
    assert check_site(site) == [
        "index.html: facts/toll/#source-b: no element with id 'source-b'",
        "index.html: /facts/toll/: root-absolute link (breaks under a base path)",
        "index.html: img/missing.png: no such file",
        "index.html: ../outside.html: points outside the site",
    ]
    assert main([str(site)]) == 1
