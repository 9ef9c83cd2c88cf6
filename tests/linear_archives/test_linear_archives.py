"""Archive pages' articles found in linear time are the ones Pelican finds."""

import random
from datetime import datetime, timedelta
from types import SimpleNamespace

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from linear_archives import register
from linear_archives.plugin import Listed, linear_listings, linear_period_archives

SETTINGS = dict(DEFAULT_CONFIG, YEAR_ARCHIVE_SAVE_AS="archives/{date:%Y}/index.html",
                MONTH_ARCHIVE_SAVE_AS="archives/{date:%Y}/{date:%m}/index.html",
                DAY_ARCHIVE_SAVE_AS="archives/{date:%Y}/{date:%m}/{date:%d}/index.html")


def articles(n: int, seed: int) -> list:
    rng = random.Random(seed)
    start = datetime(2014, 11, 20)
    return [SimpleNamespace(slug=f"a{i}", date=start + timedelta(hours=rng.randrange(24 * 500))) for i in range(n)]


def test_the_groups_are_pelicans_with_the_articles_in_its_order():
    arts = articles(400, 1)
    dates = sorted(arts, key=lambda a: a.date)  # Pelican's self.dates: oldest first
    listed = sorted(arts, key=lambda a: a.date, reverse=True)[:-7]  # its self.articles, some left out
    listed[3], listed[4] = listed[4], listed[3]  # an order of its own
    generator = SimpleNamespace()
    linear_period_archives(generator)
    ours = generator._build_period_archives(dates, listed, SETTINGS)
    pelicans = ArticlesGenerator._build_period_archives(generator, dates, listed, SETTINGS)
    assert sorted(ours) == sorted(pelicans) == ["day", "month", "year"]
    for granularity, periods in pelicans.items():
        assert len(ours[granularity]) == len(periods) > 1
        for mine, theirs in zip(ours[granularity], periods):
            assert mine.keys() == theirs.keys()
            for key, value in theirs.items():
                if isinstance(value, list):
                    assert [id(a) for a in mine[key]] == [id(a) for a in value], (granularity, key)
                else:
                    assert mine[key] == value


def test_every_article_generator_gets_the_linear_grouping_and_listings():
    register()
    generator = SimpleNamespace(categories=[("c", [])], tags={}, authors=[])
    signals.article_generator_init.send(generator)
    assert generator._build_period_archives.__func__.__name__ == "build_period_archives"
    signals.article_generator_finalized.send(generator)
    assert isinstance(generator.categories[0][1], Listed)


def test_a_listings_articles_answer_in_by_identity_as_pelicans_lists_do():
    arts = articles(300, 2)
    dates = sorted(arts, key=lambda a: a.date)
    some = arts[::3]
    other = SimpleNamespace(slug="a0", date=arts[0].date)  # alike, but not the article
    generator = SimpleNamespace(categories=[("c1", list(some)), ("c2", arts[1::3])],
                                authors=[("x", arts[:5])], tags={"t": arts[10:20]})
    context_categories = generator.categories  # Pelican's context shares this list
    linear_listings(generator)
    assert context_categories is generator.categories
    (_, listed), (_, second) = generator.categories
    assert listed == some and isinstance(listed, Listed)
    assert [a for a in dates if a in listed] == [a for a in dates if a in some]  # Pelican's dates
    assert other not in listed and arts[0] in listed and arts[1] not in listed
    assert arts[1] in second and arts[4] in generator.authors[0][1] and arts[12] in generator.tags["t"]
    assert arts[20] not in generator.tags["t"]
    assert listed[:2] == some[:2]
