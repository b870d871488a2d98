"""Plain-text cleanup: each rule on text written for the test, plus the seeds' own figures."""
from __future__ import annotations

import json
import subprocess
import sys

from communique.ingest.text import clean_text

BODY = ("Ministers from the two neighbours met for three hours on Tuesday and agreed to reopen the border "
        "crossing to freight traffic before the end of the month.")


def test_header_date_field_becomes_published_and_leaves_body():
    c = clean_text(f"date 2024-11-05 BAGHDAD – {BODY}")
    assert c.published == "2024-11-05"
    assert c.dateline == "Baghdad"
    assert c.text.startswith("Ministers from the two neighbours")


def test_written_out_header_date():
    c = clean_text(f"Published: 7 March 2023\n\n{BODY}")
    assert c.published == "2023-03-07"
    assert "Published" not in c.text


def test_dateline_with_agency_gives_outlet():
    c = clean_text(f"ANKARA (Anadolu) - {BODY}")
    assert (c.dateline, c.outlet) == ("Ankara", "Anadolu Agency")
    assert c.text.startswith("Ministers")


def test_unknown_agency_abbreviation_is_kept_as_written():
    c = clean_text(f"Basra (XYZ) - {BODY}")
    assert (c.dateline, c.outlet) == ("Basra", "XYZ")


def test_a_sentence_starting_with_a_country_is_not_a_dateline():
    text = f"Iran - the country that hosted the talks - said little afterwards. {BODY}"
    c = clean_text(text)
    assert c.dateline is None
    assert c.text.startswith("Iran - the country")


def test_repeated_title_is_removed_and_kept_as_metadata():
    title = "Border Crossing To Reopen After Ministers Meet"
    c = clean_text(f"{title}\n\n{title}\n\n{BODY}")
    assert c.title == title
    assert title not in c.text
    assert c.text.startswith("Ministers")


def test_first_sentence_is_not_taken_for_a_title():
    c = clean_text(f"{BODY}\n\nA second paragraph follows here with more detail.")
    assert c.title is None
    assert c.text.startswith("Ministers")


def test_section_label_is_not_a_title():
    c = clean_text(f"Why it matters:\n{BODY}")
    assert c.title is None
    assert c.text.startswith("Why it matters:")


def test_byline_under_title():
    c = clean_text(f"Talks Resume In Baghdad On Water Sharing\n\nBy Jane Q. Doe\n\n{BODY}")
    assert c.author == "Jane Q. Doe"
    assert "By Jane" not in c.text


def test_repeated_name_line_at_end_is_the_author():
    c = clean_text(f"{BODY}\n\nSara Karimi - Sara Karimi")
    assert c.author == "Sara Karimi"
    assert "Sara Karimi" not in c.text


def test_author_bio_comment_form_and_credit():
    text = (f"{BODY}\n\nA second paragraph of the body, which must stay.\n\n"
            "Original Source: www.example-agency.ir\n\nAbout Leila Haddad\n\n"
            "Leila Haddad is a reporter who has covered the Gulf for many years. She lives in Doha.\n\n"
            "View all posts by Leila Haddad →\n\nLeave a Reply\n\n"
            "Your e-mail will never be shared.\n\nRequired fields are marked *\n\nComment *\n\nName *")
    c = clean_text(text)
    assert c.author == "Leila Haddad"
    assert c.original_source == "www.example-agency.ir"
    for gone in ("Original Source", "About Leila", "covered the Gulf", "View all posts", "Leave a Reply",
                 "never be shared", "Name *"):
        assert gone not in c.text, gone
    assert "which must stay" in c.text


def test_link_lists_and_stray_counter_at_end():
    text = (f"{BODY}\n\nLast paragraph of the report ends here.\n\nMost Read in World\n"
            "Oil prices climb after talks\nTop World stories\nTop Stories\n\n1,204")
    c = clean_text(text)
    assert c.text.endswith("Last paragraph of the report ends here.")


def test_link_list_heading_followed_by_prose_is_kept():
    text = f"{BODY}\n\nRelated\n\nThe related discussions continued into the night, officials said."
    c = clean_text(text)
    assert "continued into the night" in c.text


def test_removals_are_logged():
    c = clean_text(f"ANKARA (Anadolu) - {BODY}\n\n42")
    rules = [r for r, _ in c.removed]
    assert "dateline" in rules and "tail junk" in rules


def test_seed_metadata_and_cleaning_all_hold(seeds_export, shared_dir):
    """The independent scorer's metadata_and_cleaning figure on the five seed reports."""
    _, out = seeds_export
    result = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), "seeds", str(out)],
                            capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    done, total = figures["metadata_and_cleaning"].split("/")
    assert done == total == "34"
