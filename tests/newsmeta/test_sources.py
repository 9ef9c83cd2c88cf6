import pytest

from newsmeta.sources import SourceRegistry, byline_agencies


@pytest.mark.parametrize(
    "byline,codes",
    [
        ("برلين - (أ ف ب):", ["afp"]),
        ("جدة : واس", ["spa"]),
        ("رويترز (الكويت)", ["reuters"]),
        ("تورينو - د. ب. أ", ["dpa"]),
        ("رضوى عبدالله، واس - القاهرة، الرياض", ["spa"]),
        ("القاهرة - أ ش أ، وام", ["mena", "wam"]),
        ("بغداد: حمزة مصطفى", []),
        ("أ.د عبد الله الدايل", []),  # a professor, not AP
        (None, []),
    ],
)
def test_byline_agencies(byline, codes):
    assert byline_agencies(byline) == codes


def test_registry_shares_sources_and_orders_agencies_first():
    reg = SourceRegistry()
    a = reg.for_metadata([], "aawsat", "Al-Sharq Al-Awsat", "لندن - رويترز")
    b = reg.for_metadata(["reuters", "ap"], None, None)
    c = reg.for_metadata([], "was", "Saudi Press Agency (SPA)", "جدة: واس")
    assert [s.code for s in a] == ["reuters", "aawsat"]
    assert [s.code for s in b] == ["reuters", "ap"]
    assert [s.code for s in c] == ["spa"]  # SaudiNewsNet's "was" is the agency
    assert a[0] is b[0]
    assert (a[1].name, a[1].kind, a[1].url) == ("الشرق الأوسط", "newspaper", "sources/aawsat.html")
    for src in a + b + c:
        src.articles.append(object())
    assert [s.code for s in reg.all()] == ["ap", "reuters", "spa", "aawsat"]  # by Arabic name


def test_unknown_newspaper_keeps_its_name():
    [src] = SourceRegistry().for_metadata([], "alhayat", "Al-Hayat", None)
    assert (src.code, src.name, src.kind) == ("alhayat", "Al-Hayat", "newspaper")
    [src] = SourceRegistry().for_metadata([], "dw", "Deutsche Welle", None)
    assert (src.code, src.kind) == ("dw", "agency")  # an id that is an agency code
    [src] = SourceRegistry().for_metadata([], None, "صحيفة الحياة", None)
    assert (src.name, src.kind, src.url) == ("صحيفة الحياة", "newspaper", "sources/صحيفة-الحياة.html")
