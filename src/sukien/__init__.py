"""sukien: Vietnamese news pages in; who met whom, where, when and what was agreed out."""

__version__ = "0.1.0"
