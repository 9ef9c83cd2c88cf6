"""Links that plugins add to the site navigation (`ARSHIF_NAV`, read by base.html).

A plugin that writes a browsable page (sources, entities, search) adds its link here,
so the navigation never points at a page whose plugin is switched off.
"""


def add_nav_link(context: dict, label: str, url: str) -> None:
    """Append (label, url) to ARSHIF_NAV once."""
    nav = list(context.get("ARSHIF_NAV") or [])
    if not any(existing == url for _, existing in nav):
        nav.append((label, url))
    context["ARSHIF_NAV"] = nav
