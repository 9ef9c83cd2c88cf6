import pytest

from tests.theme.sitebuild import build_fixture_site, build_standin_site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """The theme's fixture archive (tags, category, page, Latin fragments), Latin digits."""
    return build_fixture_site(tmp_path_factory.mktemp("fixture-site"))


@pytest.fixture(scope="session")
def fixture_site_arab_digits(tmp_path_factory):
    """The same archive with ARABIC_DATES_DIGITS = "arab"."""
    return build_fixture_site(tmp_path_factory.mktemp("fixture-site-arab"), ARABIC_DATES_DIGITS="arab")


@pytest.fixture(scope="session")
def standin_site(tmp_path_factory):
    """The same archive with a stand-in entities plugin (article.entities, article.related)."""
    return build_standin_site(tmp_path_factory.mktemp("standin-site"))
