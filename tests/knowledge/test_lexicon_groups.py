"""The lexicon's word groups as the code reads them: by name, and a wrong name fails loudly."""
import re
from pathlib import Path

import pytest

from communique.knowledge.ontology import LexiconError, lexicon, parse_lexicon

SRC = Path(__file__).resolve().parents[2] / "src" / "communique"


def test_unknown_group_is_an_error():
    with pytest.raises(LexiconError):
        lexicon().group("no-such-group")


def test_group_defined_twice_is_an_error():
    with pytest.raises(LexiconError):
        parse_lexicon("[groups]\nfruit: apple pear\nfruit: plum\n")


def test_group_continuation_lines_and_comments():
    lex = parse_lexicon("[groups]\n# what grows on trees\nfruit: apple pear\n  plum\nnuts: hazel\n")
    assert lex.group("fruit") == frozenset({"apple", "pear", "plum"}) and lex.group("nuts") == {"hazel"}


def test_every_group_the_code_names_exists():
    # Groups read inside method bodies are only looked up when that branch runs: check them all here.
    names = {m for f in SRC.rglob("*.py") for m in re.findall(r"\.group\(\"([a-z_]+)\"\)", f.read_text())}
    assert names, "no group lookups found"
    assert sorted(names - set(lexicon().groups)) == []


def test_subject_condition_is_read_and_unknown_conditions_fail():
    classes = "[classes]\nwithdraw_troops 087 0356 1056 1246 - -\n"
    lex = parse_lexicon(classes + "[verbs]\nleave intrans subj=@troops -> withdraw_troops\n")
    entry = lex.verbs["leave"][0]
    assert entry.subj == {"@troops"} and "subj=@troops" in entry.describe()
    with pytest.raises(LexiconError):
        parse_lexicon(classes + "[verbs]\nleave colour=red -> withdraw_troops\n")
