"""The rendered site: the MkDocs plugin, page models, charts, data files and search index.

`FactComparePlugin` is registered as the MkDocs plugin `factcompare` (pyproject.toml entry point).
"""

from .plugin import FactComparePlugin

__all__ = ["FactComparePlugin"]
