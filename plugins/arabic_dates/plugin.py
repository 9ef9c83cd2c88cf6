"""Adds the `arabic_date` and `arabic_number` Jinja filters to every generator."""

from pelican import signals

from .formatting import ArabicDates


def add_filters(generator):
    fmt = ArabicDates(generator.settings)
    generator.env.filters["arabic_date"] = fmt.date
    generator.env.filters["arabic_number"] = fmt.number
    generator.env.filters["arabic_digits"] = fmt.number_text
    generator.env.filters["hijri_date"] = fmt.hijri


def register():
    signals.generator_init.connect(add_filters)
