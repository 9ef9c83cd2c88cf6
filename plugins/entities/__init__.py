"""Entity annotation for arshif: find, link and browse people, places and organisations."""

from .plugin import register

__all__ = ["register"]
