"""HTML main text and metadata: body kept, furniture gone, metadata right, bad input
refused with a one-line reason, broken input survived.  Fixtures are pages written
for these tests (tests/ingest/fixtures/html/), or built here byte by byte."""
from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from communique.ingest.html import HtmlExtract, HtmlExtractionError, clean_lines, extract_html
from communique.ingest import html as html_mod

HTML_FIXTURES = Path(__file__).parent / "fixtures" / "html"


def html_fixture(name: str) -> bytes:
    return (HTML_FIXTURES / name).read_bytes()


def paragraphs(extract: HtmlExtract) -> list[str]:
    return extract.text.split("\n\n")


PROSE = (
    "Officials in Baghdad said on Monday that the committee would meet again next month to review "
    "the figures, and that both delegations had agreed to publish a joint statement afterwards."
)


# --- a complete news page ------------------------------------------------------------


def test_news_page_body_kept_and_furniture_gone():
    page = extract_html(html_fixture("news_full.html"), url="https://gulfledger.example/x?ref=feed")
    text = page.text
    assert text.startswith("Iraq and Turkey have agreed to exchange daily readings")
    assert text.rstrip().endswith("who asked not to be named.")
    assert len(paragraphs(page)) == 6
    for furniture in ("Advertisement", "Related:", "Leave a Reply", "12 comments", "newsletter",
                      "Follow Layla", "Privacy policy", "Politics", "©", "Mosul dam repairs",
                      "Photo:", "Share", "Updated:"):
        assert furniture not in text, furniture
    # the title is metadata, not a first paragraph
    assert "agree to share Tigris water data" not in text


def test_news_page_metadata():
    page = extract_html(html_fixture("news_full.html"), url="https://gulfledger.example/x?ref=feed")
    assert page.title == "Iraq and Turkey agree to share Tigris water data"
    assert page.author == "Layla Haddad"
    assert page.published == "2024-03-11"  # datePublished, not dateModified
    assert page.site_name == "The Gulf Ledger"
    assert page.url == "https://gulfledger.example/news/2024/03/iraq-turkey-water-data"  # canonical
    assert page.language == "en"


def test_furniture_inside_the_body_container_is_removed():
    # Everything sits in one <div> as plain paragraphs, so trafilatura keeps it all;
    # the line rules must take it out.
    page = extract_html(html_fixture("news_inline_furniture.html"))
    text = page.text
    assert paragraphs(page)[0].startswith("Muscat hosted a fresh round of indirect talks")
    assert paragraphs(page)[-1].startswith("Analysts said any agreement would be modest")
    for furniture in ("Oman hosts a new round", "By Samir", "Published:", "min read", "Share Tweet",
                      "Photo:", "Advertisement", "Click To Tweet", "[button", "Send us a tip",
                      "Subscribe", "can be reached", "Filed under", "©", "Qatar's quiet role",
                      "Frozen funds, explained", "Leave a Reply", "12 comments"):
        assert furniture not in text, furniture
    # the quotation the tweet label was glued to stays
    assert "several trips to Tehran this year." in text
    assert page.author == "Samir Qureshi"  # "By " removed from the meta tag
    assert page.published == "2023-11-02"
    assert page.title == "Oman hosts a new round of Iran talks"  # " - Harbour Times" removed
    assert page.site_name == "Harbour Times"


def test_og_metadata_and_no_date_gives_none():
    page = extract_html(html_fixture("og_no_date.html"), url="https://desertwire.example/gulf/kuwait-border")
    assert page.title == "Kuwait reopens border crossing with Iraq"
    assert page.author == "Noor Al-Sabah"
    assert page.site_name == "Desert Wire"
    assert page.url == "https://desertwire.example/gulf/kuwait-border"  # no canonical: the url given
    assert page.language == "en"
    # no date anywhere in the markup: None, never today's date (nor the copyright year)
    assert page.published is None
    assert "Copyright" not in page.text and "Home" not in page.text
    assert page.text.startswith("Kuwait reopened the Abdali crossing")


def test_published_is_never_today_for_an_undated_page():
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(4))
    page = extract_html(f"<html><head><title>Talks</title></head><body><article>{body}</article></body></html>")
    assert page.published is None
    assert page.published != dt.date.today().isoformat()


def test_site_name_falls_back_to_domain():
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(4))
    page = extract_html(f"<html><body><article>{body}</article></body></html>", url="https://www.basra-news.example/a/1")
    assert page.site_name == "basra-news.example"
    assert page.title is None and page.author is None


def test_script_rendered_page_falls_back_to_json_ld_article_body():
    import json

    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Basra port expands",
            "datePublished": "2022-05-04", "author": {"@type": "Person", "name": "Ali Hassan"},
            "articleBody": PROSE + "\n" + PROSE.replace("Monday", "Tuesday")}
    html = (f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head>'
            '<body><div id="app"></div><script>render()</script></body></html>')
    page = extract_html(html, url="https://port.example/a")
    assert PROSE in page.text and PROSE.replace("Monday", "Tuesday") in page.text
    assert "render()" not in page.text
    assert (page.title, page.author, page.published) == ("Basra port expands", "Ali Hassan", "2022-05-04")


def test_relative_canonical_is_resolved_against_the_url():
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(4))
    html = f'<html><head><link rel="canonical" href="/news/talks"></head><body><article>{body}</article></body></html>'
    assert extract_html(html, url="https://news.example/amp/news/talks?x=1").url == "https://news.example/news/talks"


def test_embedded_tweet_is_kept_as_a_quotation():
    tweet = ('<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">We welcome the '
             'agreement on water data with our neighbours. <a href="https://t.co/x">https://t.co/x</a></p>'
             '&mdash; Example Ministry (@example_mfa) <a href="https://twitter.com/example_mfa/status/1">'
             'March 11, 2024</a></blockquote><script src="https://platform.twitter.com/widgets.js"></script></div>')
    body = f"<p>{PROSE} First.</p><p>{PROSE} Second.</p>{tweet}<p>{PROSE} Third.</p><p>{PROSE} Fourth.</p>"
    page = extract_html(f"<html><body><article>{body}</article></body></html>")
    assert "We welcome the agreement on water data with our neighbours." in page.text
    assert page.text.index("Second.") < page.text.index("We welcome") < page.text.index("Third.")
    assert "widgets.js" not in page.text


def test_hover_card_inside_a_paragraph_is_removed():
    card = ('<span class="person-tooltip"><span class="tooltip-card"><img src="p.jpg">'
            '<a href="/p/1">Latest: Minister visits Erbil</a> <a href="/p/2">Latest: Budget vote delayed</a>'
            '</span></span>')
    paras = [f"<p>The foreign minister <a href='/people/x'>Fuad Hussein</a>{card} said on Sunday that {PROSE}</p>"]
    paras += [f"<p>{PROSE} Paragraph {i}.</p>" for i in range(3)]
    page = extract_html(f"<html><body><article>{''.join(paras)}</article></body></html>")
    assert "The foreign minister Fuad Hussein said on Sunday" in page.text
    assert "Latest:" not in page.text


# --- encodings ---------------------------------------------------------------------------

ARABIC = [
    "قال وزير الخارجية العراقي يوم الأحد إن بغداد وطهران اتفقتا على تشكيل لجنة مشتركة لمتابعة ملف المياه "
    "والحدود، وإن اللجنة ستعقد اجتماعها الأول في البصرة خلال الشهر المقبل.",
    "وأضاف الوزير في مؤتمر صحفي أن الجانبين ناقشا أيضا تسهيل حركة الزوار والتجارة عبر المنافذ الحدودية، "
    "وأن الحكومتين ستتبادلان البيانات بشكل منتظم.",
    "ولم يصدر تعليق فوري من وزارة الخارجية الإيرانية، لكن وسائل إعلام رسمية في طهران وصفت المحادثات "
    "بأنها بناءة ومثمرة.",
]


def test_windows_1256_page_with_meta_charset():
    body = "".join(f"<p>{p}</p>" for p in ARABIC)
    html = (f'<html lang="ar"><head><meta charset="windows-1256"><title>لجنة مشتركة</title></head>'
            f"<body><article>{body}</article></body></html>")
    page = extract_html(html.encode("cp1256"))
    assert "بغداد وطهران اتفقتا" in page.text
    assert "\ufffd" not in page.text
    assert page.language == "ar"


FRENCH = [
    "Le ministre iranien des Affaires étrangères a été reçu à Bagdad mercredi, où il a évoqué la sécurité "
    "de la frontière et les échanges économiques entre les deux pays voisins.",
    "Selon un communiqué publié après la rencontre, les deux délégations ont décidé de créer un comité "
    "chargé du suivi des accords déjà signés, qui se réunira chaque trimestre.",
    "Les responsables irakiens ont également souligné l'importance du commerce frontalier pour les "
    "provinces du sud, très dépendantes des importations.",
]


@pytest.mark.parametrize("declaration", [
    "",  # no declaration: the encoding must be guessed
    '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
])
def test_latin1_bytes(declaration):
    body = "".join(f"<p>{p}</p>" for p in FRENCH)
    html = f"<html><head>{declaration}<title>Visite</title></head><body><article>{body}</article></body></html>"
    page = extract_html(html.encode("latin-1"))
    assert "Affaires étrangères a été reçu à Bagdad" in page.text


@pytest.mark.parametrize("head", [b'<meta charset="utf-8">', b""])
def test_utf8_page_with_stray_cp1252_bytes(head):
    body = "".join(f"<p>{p}</p>" for p in FRENCH).encode("utf-8")
    body = body.replace(b"l'importance", b"l\x92importance")  # a Windows curly quote pasted in
    html = b"<html><head>" + head + b"</head><body><article>" + body + b"</article></body></html>"
    page = extract_html(html)
    assert "l\u2019importance" in page.text
    assert "été reçu" in page.text


def test_utf16_with_bom_and_gzip_and_str_input():
    body = "".join(f"<p>{p}</p>" for p in FRENCH)
    html = f"<html><body><article>{body}</article></body></html>"
    for data in (html.encode("utf-16"), gzip.compress(html.encode("utf-8")), html):
        assert "été reçu à Bagdad" in extract_html(data).text


def test_utf16_without_bom():
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in FRENCH) + "</article></body></html>"
    for encoding in ("utf-16-le", "utf-16-be"):
        assert "été reçu à Bagdad" in extract_html(html.encode(encoding)).text


def test_a_few_damaged_bytes_are_not_fatal():
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(4)).encode()
    html = b"<html><head>\x00<title>T\x0bx</title></head><body><article>" + body.replace(b"committee", b"comm\x01ittee", 1)
    assert "would meet again" in extract_html(html + b"</article></body></html>").text


def test_undecodable_bytes_are_replaced_not_fatal():
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(4)).encode()
    html = b'<html><head><meta charset="shift_jis"></head><body><article>' + body + b"\x82\xff\x81</article></body></html>"
    assert "committee would meet again" in extract_html(html).text


# --- broken and bad input ----------------------------------------------------------------


def test_truncated_page_still_gives_text():
    data = html_fixture("news_full.html")
    cut = data[: data.index(b"Turkish officials did not comment") + 60]  # mid-sentence, tags left open
    page = extract_html(cut)
    assert "Iraq and Turkey have agreed to exchange daily readings" in page.text
    assert page.title == "Iraq and Turkey agree to share Tigris water data"


def test_unclosed_tags_still_give_text():
    html = ("<html><body><div><p>" + PROSE + " <b>unclosed <i>tags " + PROSE.lower()
            + "<p>" + PROSE + "<div><p>" + PROSE)
    assert "committee would meet again" in extract_html(html).text


def test_unclosed_title_and_attribute_quote_do_not_swallow_the_page():
    # An unclosed <title> is plain text up to "</title>", which never comes; an
    # unclosed quote runs an attribute value into the markup after it.
    html = ('<html><head><title>Electricity debts talks\n<meta property="og:site_name" content="Sample Daily\n'
            '</head><body><div class="article"><h1>Electricity debts talks</h1>\n<p>' + PROSE + "\n<p>" + PROSE
            + " Again.\n<p>Iraq owes Iran several billion dollars for energy imports, but the money is held in")
    page = extract_html(html)
    assert "committee would meet again" in page.text
    assert page.title == "Electricity debts talks"
    assert page.site_name == "Sample Daily"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    ("", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200), "JPEG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (bytes(range(256)) * 8, "binary"),
    (bytes(range(32)) * 40 + b"<html><body><p>text</p></body></html>", "binary"),
    (b"\x1f\x8b\x08\x00not really gzip", "gzip"),
    (b"Just a line of plain text, with no markup at all.", "not HTML"),
    (b"<html><head><title>Nothing here</title></head><body></body></html>", "no main text"),
])
def test_bad_input_raises_a_one_line_reason(data, reason):
    with pytest.raises(HtmlExtractionError) as info:
        extract_html(data)
    message = str(info.value)
    assert reason in message
    assert "\n" not in message and message
    assert isinstance(info.value, ValueError)


def test_page_of_only_navigation_is_refused():
    links = "".join(f'<li><a href="/s/{i}">Section number {i} of the site</a></li>' for i in range(12))
    with pytest.raises(HtmlExtractionError):
        extract_html(f"<html><body><nav><ul>{links}</ul></nav><footer>© 2024 Example</footer></body></html>")


# --- line rules, one by one -----------------------------------------------------------------


@pytest.mark.parametrize("furniture", [
    "Advertisement",
    "Story continues below advertisement",
    "Related: Basra farmers count the cost of a dry summer",
    "READ MORE: Oil exports rise in October",
    "You may also like...",
    "Most read in world news",
    "Lakers vs Nets: final decision on game [VIDEO]",
    "Share this article",
    "Facebook Twitter WhatsApp Email",
    "Back to top",
    "Subscribe to the Morning Brief newsletter",
    "Get the day's top stories delivered to your inbox.",
    "Thanks for signing up!",
    "Photo: Reuters",
    "Image credit: NASA",
    "© 2024 Example Media Ltd",
    "Copyright Example Media 2024",
    "Filed under: Iraq, Water",
    "Tags: diplomacy",
    "5 min read",
    "Leave a Reply",
    "23 Comments",
    "View Comments",
    "[…] https://example.org/2024/03/some-post/ […]",
])
def test_furniture_line_removed(furniture):
    assert clean_lines([PROSE, furniture, PROSE]) == [PROSE, PROSE]


@pytest.mark.parametrize("prose", [
    # sentences that contain a rule's trigger words but are body text
    "The newsletter of the ministry reported that exports rose by a fifth in the first quarter of the year.",
    "Iraq's subscription to the regional grid means it can import power from Iran when demand peaks in summer.",
    "Related talks in Geneva are expected to resume in May, diplomats said.",
    "More than 200 people were injured in the clashes, according to the health ministry.",
    "Sign up for the Disney+ bundle using the same email as your Hulu account",
    "29 November 2018 | 20 January 2019",
    "Call 02-751-1500 for tickets.",
    "He said he would follow the talks on television from Tehran.",
    "The photo was taken in Basra in 2003, shortly after the invasion.",
    "The Post",
])
def test_prose_with_trigger_words_kept(prose):
    assert clean_lines([PROSE, prose, PROSE]) == [PROSE, prose, PROSE]


def test_title_byline_and_timestamp_removed_only_at_the_top():
    lines = ["Kuwait reopens border crossing", "By Noor Al-Sabah", "Updated at 1:23 p.m.", PROSE,
             "Kuwait reopens border crossing", PROSE]
    kept = clean_lines(lines, titles=["Kuwait reopens border crossing | Desert Wire", "Kuwait reopens border crossing"])
    assert kept == [PROSE, "Kuwait reopens border crossing", PROSE]


def test_byline_removed_from_body_still_gives_the_author():
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(4))
    page = extract_html(f"<html><body><article><p>By Rana Kareem</p>{body}</article></body></html>")
    assert "Rana Kareem" not in page.text
    assert page.author == "Rana Kareem"


def test_follow_and_contact_lines_only_at_the_end():
    follow = "Follow him on Twitter @someone."
    body = [PROSE] * 6
    assert clean_lines([PROSE, follow] + body)[1] == follow  # mid-article: kept
    assert clean_lines(body + [follow]) == body


def test_trailing_and_leading_link_lists_removed():
    links = ["Qatar's quiet role in the prisoner swap", "Frozen funds, explained in five charts",
             "Oil prices end the week higher", "Home"]
    lines = ["Latest news", "Oil prices end the week higher", PROSE, PROSE,
             "- Qatar's quiet role in the prisoner swap", "- Frozen funds, explained in five charts"]
    assert clean_lines(lines, link_texts=links) == [PROSE, PROSE]


def test_newsletter_box_heading_takes_its_pitch_along():
    lines = [PROSE, "The Daily Brief Newsletter", "Top stories and analysis every weekday morning.", PROSE]
    assert clean_lines(lines) == [PROSE, PROSE]


def test_comment_section_heading_ends_the_text():
    lines = [PROSE, PROSE, "3 thoughts on “Kuwait reopens border crossing”", "Great article!", PROSE]
    assert clean_lines(lines) == [PROSE, PROSE]


def test_repair_swaps_in_the_complete_line():
    precise = ["The agency reported that for his role in the fight the player was fined again today."]
    balanced = ["The agency reported that the league will fine the player for his role in the fight the player "
                "was fined again today."]
    assert html_mod._repair_lines(precise, balanced) == balanced
    # a line the balanced text also has unchanged is never swapped for a neighbour
    same = ["Portion containers: 1 green, 1 red, 1 yellow, 1 spoon.",
            "Portion containers: 1 green, 1 purple, 1 red, 1 yellow, 1 spoon."]
    assert html_mod._repair_lines(same[:1], same) == same[:1]


@pytest.mark.parametrize("raw, site, expected", [
    ("Iraq and Turkey agree on water | The Gulf Ledger", "The Gulf Ledger", "Iraq and Turkey agree on water"),
    ("The Gulf Ledger - Iraq and Turkey agree on water", "The Gulf Ledger", "Iraq and Turkey agree on water"),
    ("The Guardian view on Basra: a city at risk | Editorial | Opinion | The Guardian", "The Guardian",
     "The Guardian view on Basra: a city at risk"),
    ("Design Week 2018 | a light installation by a young studio", "Inexhibit",
     "Design Week 2018 | a light installation by a young studio"),
    ("Oil: what next?", None, "Oil: what next?"),
])
def test_title_site_suffix(raw, site, expected):
    assert html_mod._strip_site_suffix(raw, site) == expected


@pytest.mark.parametrize("raw, expected", [
    ("By Jane Doe", "Jane Doe"),
    ("by: Jane Doe | Staff Writer", "Jane Doe"),
    ("JANE DOE NOVEMBER 20, 2019 10:43", "JANE DOE"),
    ("jane@example.com", None),
    ("https://example.com/authors/jane", None),
])
def test_author_cleanup(raw, expected):
    assert html_mod._clean_author(raw, "Example News") == expected


def test_no_network_and_no_today_from_htmldate(monkeypatch):
    # extract_html must never reach out: make any socket use fail loudly.
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    page = extract_html(html_fixture("og_no_date.html"), url="https://desertwire.example/gulf/kuwait-border")
    assert page.published is None
