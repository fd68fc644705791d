"""Write docs/python.md from the public API's docstrings and signatures, and
tests/api_snapshot.json, the signatures the public API promises — so neither can go stale.

    python scripts/gen_python_docs.py             # rewrite docs/python.md
    python scripts/gen_python_docs.py --check     # exit 1 when docs/python.md is out of date
    python scripts/gen_python_docs.py --snapshot  # rewrite tests/api_snapshot.json (only when
                                                  # the public API changed on purpose)

The public API is ``sukien.__all__``; every name in it must be listed in ``TOPICS`` below
(the generator stops otherwise), so nothing public goes undocumented.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any

import sukien
from sukien import _api

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "python.md"
SNAPSHOT = ROOT / "tests" / "api_snapshot.json"

TOPICS: dict[str, list[str]] = {
    "Extracting pages": ["extract", "extract_many", "Page", "Article", "Entity", "Mention",
                         "Figure", "Event", "Statement", "SukienError"],
    "The knowledge base": ["open", "KnowledgeBase", "Results", "SearchResults", "SearchHit",
                           "Facet", "EventRow", "FigureRow", "EntityRow", "EntityProfile",
                           "RoleRow", "PartnerRow", "ArticleRef", "IngestReport", "Export"],
    "Version": ["__version__"],
}
_SKIP_BASES = (object, list, Exception, BaseException)
CONSTRUCTED = {"KnowledgeBase", "Page"}  # public classes whose constructor users call
# what the classes defined by the pipeline's modules are, for readers of the API
NOTES = {
    "Entity": "A person, organisation, place or agreement found in an article: an object of "
              "the JSON's `entities` (README, \"Entities\"); `mentions` are `Mention` records.",
    "Figure": "A money amount, percentage or count cited in an article: an object of the "
              "JSON's `figures` (README, \"Figures\").",
    "Event": "A coded act of political actors: an object of the JSON's `events` (README, "
             "\"Events\"); `statements` are `Statement` records.",
    "SukienError": "The coded error of one input: `error.code.id` (\"E103\"), "
                   "`error.code.summary`, `error.path` (the input), `error.detail`; "
                   "`str(error)` is \"path: E103 reason: detail\" and `error.to_json()` a "
                   "dict of them. The codes are listed in the README (\"Errors and exit "
                   "codes\").",
}


# --- what is public ---------------------------------------------------------------------------


def public() -> dict[str, Any]:
    listed = [name for names in TOPICS.values() for name in names]
    missing = sorted(set(sukien.__all__) - set(listed))
    extra = sorted(set(listed) - set(sukien.__all__))
    if missing or extra:
        raise SystemExit(f"TOPICS and sukien.__all__ differ: undocumented {missing}, "
                         f"not public {extra}")
    return {name: getattr(sukien, name) for name in listed}


def fields(cls: type) -> dict[str, str]:
    """A dataclass's public fields and their types, as written."""
    if not dataclasses.is_dataclass(cls):
        return {}
    return {f.name: str(f.type) for f in dataclasses.fields(cls) if not f.name.startswith("_")}


def members(cls: type) -> dict[str, Any]:
    """Methods and properties a class defines itself or inherits from sukien classes (not
    from list, Exception or object), public ones and ``__init__`` of non-dataclasses."""
    found: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass in _SKIP_BASES or not klass.__module__.startswith("sukien"):
            continue
        for name, value in vars(klass).items():
            wanted = not name.startswith("_") or (
                name == "__init__" and cls.__name__ in CONSTRUCTED)
            if wanted and (callable(value) or isinstance(value, property | classmethod)):
                found[name] = value
    return dict(sorted(found.items(), key=lambda kv: (kv[0] != "__init__", kv[0])))


def signature(value: Any) -> str:
    if isinstance(value, property):
        return "property"
    if isinstance(value, classmethod):
        value = value.__func__
    text = str(inspect.signature(value))
    return text.replace("(self, ", "(").replace("(self)", "()")


def snapshot() -> dict[str, Any]:
    """Every public name: a function's signature; a class's fields (with types) and the
    signatures of its methods and properties."""
    out: dict[str, Any] = {}
    for name, value in public().items():
        if inspect.isclass(value):
            out[name] = {"kind": "class", "fields": fields(value),
                         "members": {m: signature(v) for m, v in members(value).items()}}
        elif callable(value):
            out[name] = {"kind": "function", "signature": signature(value)}
        else:
            out[name] = {"kind": "constant"}
    return out


# --- the document -----------------------------------------------------------------------------


def markdown(doc: str | None) -> str:
    """A docstring as Markdown: ``code`` → `code`, :class:`X` → `X`."""
    text = inspect.cleandoc(doc or "")
    text = re.sub(r":(?:class|func|meth|mod|data|attr):`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def readable(sig: str, prefix: str) -> str:
    """A signature for people: annotations unquoted, one parameter a line when long."""
    sig = re.sub(r"(: |-> )'([^']*)'", r"\1\2", sig)
    if len(prefix + sig) <= 92:
        return prefix + sig
    params, _, returns = sig[1:].rpartition(")")
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(params):
        depth += 1 if char in "([{" else -1 if char in ")]}" else 0
        if char == "," and depth == 0:
            pieces.append(params[start:i].strip())
            start = i + 1
    pieces.append(params[start:].strip())
    return prefix + "(\n" + "".join(f"    {p},\n" for p in pieces) + ")" + returns


def _doc(name: str, value: Any) -> str:
    doc = value.__doc__ or ""
    if doc.startswith(f"{name}("):  # a dataclass's generated docstring
        doc = ""
    return "\n\n".join(part for part in (markdown(doc), NOTES.get(name, "")) if part)


def render() -> str:
    parts = [
        "# sukien Python API\n",
        "Generated by `python scripts/gen_python_docs.py` from the docstrings; do not edit by "
        "hand.\n",
        "Only the names below — `sukien.__all__` — are public. They are stable like the fields "
        "of `sukien extract --json`: names, parameters and fields are only ever added "
        "(`tests/api_snapshot.json` pins them). Every module of the package (`sukien.store`, "
        "`sukien.pipeline`, …) is internal and may change in any release; import only from "
        "`sukien`. `to_pandas()` needs pandas: `pip install 'sukien[pandas]'`.\n",
        "## What a page can be\n",
        markdown(_api.__doc__).split("\n\n", 1)[1] + " `Source` in the signatures below "
        "is any of these.\n",
    ]
    for topic, names in TOPICS.items():
        parts.append(f"## {topic}\n")
        for name in names:
            parts.append(_entry(name, getattr(sukien, name)))
    return "\n".join(parts)


def _entry(name: str, value: Any) -> str:
    if not callable(value):
        return f"### `sukien.{name}`\n\nThe version of the package, `{value!s}` here.\n"
    if not inspect.isclass(value):
        return (f"### `sukien.{name}`\n\n```python\n"
                f"{readable(signature(value), f'sukien.{name}')}\n```\n\n"
                f"{markdown(value.__doc__)}\n")
    out = [f"### `sukien.{name}`\n", _doc(name, value) + "\n"]
    typed = fields(value)
    if typed:
        out.append("| field | type |\n|---|---|")
        out += ["| `{}` | `{}` |".format(f, t.replace("|", "\\|")) for f, t in typed.items()]
        out.append("")
    for member, member_value in members(value).items():
        shown = name if member == "__init__" else f"{name}.{member}"
        if isinstance(member_value, property):
            head = f"#### `{shown}`\n"
        else:
            shown_sig = readable(signature(member_value), shown)
            head = f"#### `{shown}`\n\n```python\n{shown_sig}\n```\n"
        doc = markdown(getattr(member_value, "__doc__", None))
        out.append(head + (f"\n{doc}\n" if doc else ""))
    return "\n".join(out) + "\n"


def main() -> None:
    if "--snapshot" in sys.argv:
        SNAPSHOT.write_text(json.dumps(snapshot(), ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
        return
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if DOC.exists() and DOC.read_text(encoding="utf-8") == text else 1)
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
