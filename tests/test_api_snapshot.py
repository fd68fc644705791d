"""The public Python API is a contract: every name of ``sukien.__all__``, every parameter,
default and return type of its functions and methods, and the fields of its records are
pinned in tests/api_snapshot.json. A name that disappears or a signature that changes fails
here; regenerate the snapshot only for a deliberate change:

    python scripts/gen_python_docs.py --snapshot && python scripts/gen_python_docs.py
"""

from __future__ import annotations

import copy
import importlib.util
import json

from conftest import ROOT

REGENERATE = ("if the change is deliberate: python scripts/gen_python_docs.py --snapshot && "
              "python scripts/gen_python_docs.py")


def _generator():
    spec = importlib.util.spec_from_file_location("gen_python_docs",
                                                  ROOT / "scripts" / "gen_python_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STORED = json.loads((ROOT / "tests" / "api_snapshot.json").read_text(encoding="utf-8"))
CURRENT = _generator().snapshot()


def differences(stored: dict, current: dict) -> list[str]:
    """What breaks the contract: a name, member or field gone, a signature or a field's type
    changed, a kind changed; and what the snapshot does not know yet (new names and
    methods, so that it stays complete). New fields of a record are allowed (fields are only
    ever added, like the JSON fields)."""
    out = [f"new public name sukien.{n}" for n in sorted(set(current) - set(stored))]
    for name, before in stored.items():
        now = current.get(name)
        if now is None:
            out.append(f"sukien.{name} is gone")
            continue
        if now["kind"] != before["kind"]:
            out.append(f"sukien.{name} was a {before['kind']}, now a {now['kind']}")
        elif before["kind"] == "function" and now["signature"] != before["signature"]:
            out.append(f"sukien.{name}{before['signature']} is now {now['signature']}")
        elif before["kind"] == "class":
            for member in sorted(set(before["members"]) | set(now["members"])):
                was, new = before["members"].get(member), now["members"].get(member)
                if was != new:
                    out.append(f"sukien.{name}.{member}: {was} → {new}")
            for field, kind in before["fields"].items():
                if now["fields"].get(field) != kind:
                    out.append(f"sukien.{name}.{field}: {kind} → {now['fields'].get(field)}")
    return out


def test_the_public_api_matches_its_snapshot():
    found = differences(STORED, CURRENT)
    assert not found, "\n".join([*found, REGENERATE])


def test_the_snapshot_catches_a_removed_name_a_changed_default_and_a_lost_field():
    changed = copy.deepcopy(CURRENT)
    del changed["extract_many"]
    changed["extract"]["signature"] = changed["extract"]["signature"].replace("None", "'x'", 1)
    del changed["EventRow"]["fields"]["sides"]
    changed["KnowledgeBase"]["members"]["events"] += " "
    changed["Results"]["members"].pop("to_pandas")
    found = differences(STORED, changed)
    assert len(found) == 5, found
    # a field added to a record is no break; a new method must be snapshotted
    grown = copy.deepcopy(CURRENT)
    grown["EventRow"]["fields"]["negated"] = "bool | None"
    assert differences(STORED, grown) == []
    grown["Results"]["members"]["to_arrow"] = "()"
    assert differences(STORED, grown) == ["sukien.Results.to_arrow: None → ()"]


def test_all_lists_exactly_the_public_names():
    import sukien

    assert sorted(sukien.__all__) == sorted(CURRENT)
    for name in sukien.__all__:
        assert getattr(sukien, name) is not None
    assert "store" not in sukien.__all__ and "pipeline" not in sukien.__all__
