from .plugin import register

__all__ = ["register"]
