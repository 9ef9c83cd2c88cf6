"""An entity mention in an article is a link that leads, in the browser, to that entity's page.

With the entities plugin in PLUGINS the seed article must have mentions and each one
tried must open an entity page that names the entity. Without the plugin there is no
mention to follow: the test then checks that the article has no dangling entity link
and says, as a warning in the summary, that the entity part waits for the plugin.
"""

import warnings
from urllib.parse import unquote

import pytest

import pelicanconf
from tests.browser.logs import console_errors, drain_logs, failed_requests

pytestmark = pytest.mark.browser

ENTITIES_ON = "entities" in pelicanconf.PLUGINS


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_entity_mentions_lead_to_entity_pages(browser, open_page, scheme):
    from selenium.webdriver.common.by import By

    article_url = open_page("article-seed", scheme)
    mentions = [(a.get_attribute("href"), a.get_attribute("title") or a.text)
                for a in browser.find_elements(By.CSS_SELECTOR, ".article-body a.entity")]
    if not ENTITIES_ON:
        assert mentions == [], "entity links without the entities plugin"
        warnings.warn(UserWarning("entities plugin not in PLUGINS: no entity mention to follow yet"))
        return
    assert mentions, f"no entity mention linked in {article_url}"
    distinct = sorted(dict(mentions).items())[:3]
    for href, name in distinct:
        assert "/entities/" in unquote(href), href
        browser.get(article_url)
        link = next(a for a in browser.find_elements(By.CSS_SELECTOR, ".article-body a.entity")
                    if a.get_attribute("href") == href)
        drain_logs(browser)
        link.click()
        assert unquote(browser.current_url) == unquote(href)
        assert browser.execute_script("return document.readyState") == "complete"
        heading = browser.find_element(By.TAG_NAME, "h1").text
        assert name.strip() in heading, (href, name, heading)
        assert failed_requests(browser) == [] and console_errors(browser) == [], href
