"""Period archives grouped in linear time are Pelican's own groups."""

import random
from datetime import datetime, timedelta
from types import SimpleNamespace

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from period_archives import register
from period_archives.plugin import linear_period_archives

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


def test_every_article_generator_gets_the_linear_grouping():
    register()
    generator = SimpleNamespace()
    signals.article_generator_init.send(generator)
    assert generator._build_period_archives.__func__.__name__ == "build_period_archives"
