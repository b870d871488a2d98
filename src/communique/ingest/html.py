"""Main text and metadata from one HTML news page.

``extract_html(data, url)`` turns the bytes (or text) of a saved web page into an
``HtmlExtract``: the article body as plain paragraphs plus title, author,
publication date, outlet, canonical URL and language.  It never fetches anything;
a page with no article text raises ``HtmlExtractionError`` with a one-line reason.

How the body is found
---------------------
trafilatura is the core.  It runs twice on the same parsed page, comments off:

* precision mode gives the base text: it keeps much less boilerplate than the
  default mode for very little lost body text (the largest single gain on the
  development set, about +0.011 F1);
* balanced mode repairs it: a precision line that lost the words of a link
  from inside a sentence is swapped for the complete balanced line, and the
  balanced text is used whole when precision mode finds nothing.  The page's
  JSON-LD ``articleBody`` is the last resort.

Before trafilatura sees the page, two things are taken out of the tree:

* hover cards: pop-up boxes inside a paragraph (class or id says tooltip,
  popover, hovercard or rollover) holding a picture or several links.  Sites use
  them to preview a person's profile and latest stories when a name is
  hovered; trafilatura reads them into the sentence.
* empty inline elements (icons, anchors), keeping the text after them:
  precision mode deletes an empty element together with the text that follows
  it, cutting sentences.

And one thing is put back in: embedded tweets.  A tweet an article embeds is
a quotation it cites (often an official's statement), but its social-media
wrapper makes trafilatura discard it; it is turned into a plain blockquote.

Cleanup rules
-------------
Each rule removes a kind of page furniture that trafilatura keeps, from the
paragraphs it returns.  They are about web pages in general; none names a site.
Patterns remove only furniture-sized lines: a few words, or a short paragraph
for the pitches, bios and appeals at the end; a long paragraph goes only with
the comment section it belongs to.  ``benchmarks/extraction.py --rules``
measures each rule (and the steps above: precision, repair, hover_cards,
empty_inline, tweets) by switching it off.

* title: a line near the top equal to the headline (og:title, JSON-LD headline,
  <title> without its " | Site" part, <h1>).  The title is metadata; in the
  text it would be read twice.
* byline: "By Jane Doe", or a line starting with the declared author ("Jane Doe,
  Staff Writer"), or "5:45 AM 11/19/2019 by Jane Doe", near the top.  The name
  is kept as the author when the page declares none.
* timestamp: near the top or at the end, a line that is one date or time and
  the words around it ("Updated: Tue., Nov. 19, 2019", "Updated at 1:23 p.m.");
  reading times ("4 min read").  Two dates or times make a range, which is
  content (an exhibition's dates), and digits alone are a phone number.
* share: lines made only of Share, Tweet, Email, Facebook, Print, Copy link...
* related: "Related:", "Read more:", "See also", "More:", "Don't miss", "You may
  also like", "Most read ...", alone or before a headline; headlines tagged
  like a promo, "... [VIDEO]".
* newsletter: short lines asking the reader to sign up, subscribe or join that
  name a newsletter, inbox or subscription (longer at the end, where the
  closing subscription pitch sits); sign-up form messages ("Thanks for signing
  up!"); a sign-up box's heading ("Pick Six Newsletter") takes the short pitch
  under it along.  "Sign up for X" alone is also how instructions read, so it
  stays.
* follow: at the end, "Follow us on Twitter", "Follow him on Twitter @x",
  "Follow our coverage at https://...", "Have a tip? X can be reached at ...".
* appeal: at the end, "If you enjoyed this article ... subscribe / join /
  donate".
* comments: "12 comments", "View Comments", "Leave a Reply" (and WordPress's
  default in a few languages), "Comments are closed".
* comment_section: a heading like "10 thoughts on “...”" ends the text; what
  follows is readers' comments.
* advert: "Advertisement", "Sponsored content", "Story continues below
  advertisement", "Scroll to continue with content".
* credit: photo and image credits ("Photo: AP", "Image credit: ..."), gallery
  controls ("1 of 8", "Caption"), short lines with "©" or starting "Copyright".
* taxonomy: "Filed under: ...", "Tags: ...", "Posted in ...", and WordPress
  pingback excerpts "[…] https://... […]".
* credits: at the end, "Additional reporting by ...", "Editing by ...".
  "Source: X" and "Reporting by X" stay: text cleanup reads them as the
  original source and the author.
* link_list: at either end, lines that are the whole text of a link on the
  page (other stories, section links), with a short heading above them at the
  top ("Latest news").
* link_bullets: inside the text, two or more consecutive list items that are
  each a whole link (a "more on this" box set as a list).
* leftover: a few words between two removed lines, or a short heading left
  with nothing under it at the end, went with the removed block.
* tweet_label: "Click To Tweet" glued to a quotation by tweet-this plugins (the
  label goes, the quotation stays).
* shortcode: unrendered WordPress shortcodes: a line that is one shortcode
  block ("[button link=...]Send a tip[/button]") goes, stray tags are stripped.

Metadata
--------
title: og:title, JSON-LD headline, twitter:title, <title>, <h1>, each without a
" | Site" or "| Section" part.  author: JSON-LD author, meta author and
similar, rel=author / byline elements, with "By", e-mail addresses, roles after
a bar and a trailing date removed.  published: JSON-LD datePublished,
article:published_time and similar meta, then htmldate on the markup only
(``original_date=True``, no free-text search), so a page without a date gives
None, never today's date or a copyright year.  site_name: og:site_name, JSON-LD
publisher, application-name, else the domain.  url: rel=canonical, og:url, else
the url given.  language: <html lang>, content-language, og:locale, JSON-LD
inLanguage, as a two- or three-letter code.

Decoding bytes
--------------
gzip is unpacked; a BOM decides; then the declared charset (<meta charset>,
http-equiv, XML declaration), read the way browsers do (latin-1 means
windows-1252), except that a page that is valid UTF-8 is UTF-8; then
charset-normalizer's guess.  Stray bytes in a UTF-8 page are read as
windows-1252, anything else undecodable becomes U+FFFD: bad bytes never raise.
"""

from __future__ import annotations

import codecs
import copy
import datetime as _dt
import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from charset_normalizer import from_bytes
from htmldate import find_date
from lxml import etree

__all__ = ["HtmlExtract", "HtmlExtractionError", "extract_html", "decode_html", "clean_lines"]


@dataclass
class HtmlExtract:
    text: str  # main body text, paragraphs separated by blank lines ("\n\n")
    title: str | None
    author: str | None
    published: str | None  # YYYY-MM-DD, from the page's own metadata only
    site_name: str | None  # outlet name, e.g. "Tehran Times"
    url: str | None  # canonical URL if the page declares one, else the url passed in
    language: str | None


class HtmlExtractionError(ValueError):
    """The input has no extractable article text; the message says why in one line."""


def extract_html(data: bytes | str, url: str | None = None) -> HtmlExtract:
    """Extract the article body and metadata from one HTML page (no network)."""
    return _extract(data, url)


def _extract(data: bytes | str, url: str | None, disabled: frozenset[str] = frozenset()) -> HtmlExtract:
    # ``disabled`` names cleanup rules to skip; only the benchmark uses it, to
    # measure what each rule is worth.
    html = _check_text(decode_html(data) if isinstance(data, (bytes, bytearray)) else data)
    # Control characters (stray bytes in a damaged file) are not allowed in an
    # XML tree: lxml parses them but refuses them when the tree is edited.
    html = _CONTROL_CHARS.sub(" ", html)
    tree = _parse(html)
    meta = _metadata(tree, url)
    text = _main_text(tree, meta, disabled)
    return HtmlExtract(
        text=text,
        title=meta.title,
        author=meta.author,
        published=meta.published,
        site_name=meta.site_name,
        url=meta.url,
        language=meta.language,
    )


# ---------------------------------------------------------------------------
# Decoding

# Longest BOMs first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x7fELF", "an executable"),
)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_MAX_GUNZIP = 50_000_000


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    # Pages that are UTF-8 overall often carry a few Windows-1252 bytes pasted in
    # from elsewhere (curly quotes, dashes); read those bytes as cp1252 rather
    # than losing them, and use U+FFFD for the five bytes cp1252 leaves undefined.
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("communique.cp1252", _cp1252_fallback)


def decode_html(data: bytes) -> str:
    """Bytes of a page to text: BOM, then declared charset, then a guess; never raises on bad bytes."""
    data = bytes(data)
    if data[:2] == b"\x1f\x8b":  # saved pages are often gzipped
        try:
            data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, _MAX_GUNZIP)
        except zlib.error as exc:
            raise HtmlExtractionError(f"input is gzip data that cannot be decompressed ({exc})") from None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if not data.strip():
        raise HtmlExtractionError("page is empty")
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise HtmlExtractionError(f"input is {kind}, not HTML")
    head = data[:4096]
    if head.count(b"\x00") * 4 > len(head):
        # UTF-16 without a BOM: every other byte of ASCII markup is NUL.
        if head[1::2].count(0) * 10 > len(head[1::2]) * 9:
            return data.decode("utf-16-le", errors="replace")
        if head[0::2].count(0) * 10 > len(head[0::2]) * 9:
            return data.decode("utf-16-be", errors="replace")
    controls = sum(byte < 32 and byte not in b"\t\n\r\f" for byte in head)
    if controls * 50 > len(head):  # more than 2%: no text file looks like that
        raise HtmlExtractionError("input looks like binary data (control bytes), not HTML")

    declared = _declared_encoding(data[:4096])
    if declared == "utf-8":
        return data.decode("utf-8", errors="communique.cp1252")
    if declared:
        # A page that decodes cleanly as UTF-8 and has non-ASCII bytes is UTF-8
        # whatever its meta tag says (CMS migrations leave stale declarations);
        # legacy-encoded text is almost never valid UTF-8 by accident.
        if not data.isascii() and _is_utf8(data):
            return data.decode("utf-8")
        return data.decode(declared, errors="replace")
    if _is_utf8(data):
        return data.decode("utf-8")
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="communique.cp1252")
    encoding = _guess_encoding(data)
    if encoding:
        return data.decode(encoding, errors="replace")
    return data.decode("utf-8", errors="communique.cp1252")


# Languages written in windows-1252.  charset-normalizer often ranks a Baltic
# or Central European code page first for them (most letters coincide, and
# "è" read as cp1257 is still a letter, "č"); for these languages the
# undeclared page is almost always windows-1252, the browsers' default too.
_CP1252_LANGUAGES = {
    "English", "French", "German", "Spanish", "Portuguese", "Italian", "Dutch", "Danish", "Swedish",
    "Norwegian", "Finnish", "Indonesian", "Malay", "Catalan",
}


def _guess_encoding(data: bytes) -> str | None:
    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None or not best.encoding:
        return None
    if best.language in _CP1252_LANGUAGES:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return best.encoding


def _declared_encoding(head: bytes) -> str | None:
    """Charset from <meta charset>, http-equiv Content-Type or the XML declaration, normalised."""
    match = _CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # As browsers do (WHATWG encoding spec): latin-1 and ASCII labels mean
    # windows-1252, and a UTF-16 label in an ASCII-compatible file means UTF-8.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")) or name == "utf-8-sig":
        return "utf-8"
    return name


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a few foreign bytes pasted in: many valid multi-byte characters, few errors."""
    text = data.decode("utf-8", errors="replace")
    errors = text.count("\ufffd")
    decoded = sum(1 for c in text if c > "\x7f") - errors
    return decoded >= 10 and errors * 10 <= decoded


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_text(html: str) -> str:
    """Refuse empty text, and binary data that was decoded as text somewhere upstream."""
    if not html.strip():
        raise HtmlExtractionError("page is empty")
    head = html[:4096]
    if head.startswith("\x89PNG") or sum(c < " " and c not in "\t\n\r\f" for c in head) * 50 > len(head):
        raise HtmlExtractionError("input looks like binary data decoded as text, not HTML")
    return html


# ---------------------------------------------------------------------------
# Parsing

_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)
_TAG_RE = re.compile(r"<\s*(html|head|body|p|div|article|main|section|span|a|h[1-6]|title|meta|br|table|li|!doctype)\b", re.I)


_RCDATA_OPEN = re.compile(r"<(title|textarea)\b[^>]*>", re.I)


def _close_rcdata(html: str) -> str:
    """Close a <title> or <textarea> that a damaged page never closes.

    Their content is plain text up to the closing tag, so an unclosed one
    swallows the rest of the page, body included.  The text is cut at the
    end of its line or at the next tag instead.
    """
    for match in list(_RCDATA_OPEN.finditer(html[:200_000]))[::-1]:
        tag = match.group(1).lower()
        if re.search(rf"</{tag}\s*>", html[match.end():], re.I):
            continue
        rest = re.search(r"[\r\n<]", html[match.end():])
        cut = match.end() + (rest.start() if rest else len(html) - match.end())
        html = f"{html[:cut]}</{tag}>{html[cut:]}"
    return html


def _parse(html: str) -> lxml.html.HtmlElement:
    if not _TAG_RE.search(html[:100_000]):
        raise HtmlExtractionError("input is not HTML (no HTML tags found)")
    html = _close_rcdata(html)
    try:
        # Bytes plus an explicit parser encoding: the text is already decoded, so
        # any charset declaration inside it must be ignored.
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise HtmlExtractionError(f"page cannot be parsed as HTML ({exc})") from None
    if tree is None:
        raise HtmlExtractionError("page cannot be parsed as HTML")
    return tree


# ---------------------------------------------------------------------------
# Metadata


@dataclass
class _Meta:
    title: str | None
    title_variants: list[str]  # every headline form seen, to spot a repeated title in the body
    author: str | None
    published: str | None
    site_name: str | None
    url: str | None
    language: str | None
    article_body: str | None  # JSON-LD articleBody, a last-resort body


# schema.org types whose object describes the page's article (NewsArticle,
# ReportageNewsArticle, BlogPosting, LiveBlogPosting, ...); WebPage as a last choice.
_ARTICLE_TYPES = re.compile(r"(Article|Posting|Report|WebPage)$")


def _metadata(tree: lxml.html.HtmlElement, url: str | None) -> _Meta:
    metas = _meta_tags(tree)
    ld = _json_ld(tree)

    site_name = _site_name(
        _first(metas.get("og:site_name"), ld.get("publisher"), metas.get("application-name"))
    )
    canonical = _canonical_url(tree, metas, url)
    site_name = site_name or _domain(canonical or url)

    raw_titles = [
        metas.get("og:title"),
        ld.get("headline"),
        metas.get("twitter:title"),
        _text_of(tree.find(".//title")),
        _text_of(tree.find(".//h1")),
    ]
    variants: list[str] = []
    for raw in filter(None, raw_titles):
        variants += [_clean_space(raw), _strip_site_suffix(raw, site_name) or ""]
    # The first headline that is more than the outlet's name ("CNN" as og:title).
    title = next((t for t in variants[1::2] if t and _norm(t) != _norm(site_name or "")), None)

    author = _author(tree, metas, ld, site_name)
    published = _published(tree, metas, ld, canonical or url)
    language = _language(tree, metas, ld)
    return _Meta(
        title=title,
        title_variants=variants,
        author=author,
        published=published,
        site_name=site_name,
        url=canonical or url,
        language=language,
        article_body=ld.get("articleBody"),
    )


def _meta_tags(tree) -> dict[str, str]:
    """First non-empty content of each <meta name|property|itemprop|http-equiv>, keys lower-cased."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        # A damaged page with an unclosed quote lets the value run on into the
        # markup that follows; no real value contains a tag, so cut there.
        content = re.split(r"</?[A-Za-z]", meta.get("content") or "")[0].strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    return found


def _json_ld(tree) -> dict[str, str]:
    """The article-like object of the page's JSON-LD, flattened to the few fields we use."""
    best: tuple[int, dict] | None = None
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"), strict=False)  # tolerate raw newlines
        except (ValueError, RecursionError):
            continue
        for obj in _walk_json(data):
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
                continue
            # Prefer a real article (with a headline) to a generic WebPage.
            score = ("headline" in obj) * 2 + ("articleBody" in obj) + ("datePublished" in obj)
            if best is None or score > best[0]:
                best = (score, obj)
    if best is None:
        return {}
    obj = best[1]
    out: dict[str, str] = {}
    for key in ("headline", "articleBody", "datePublished", "inLanguage"):
        value = obj.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value.strip():
            out[key] = value.strip()
    names = _names(obj.get("author"))
    if names:
        out["author"] = ", ".join(dict.fromkeys(names))
    publisher = _names(obj.get("publisher"))
    if publisher:
        out["publisher"] = publisher[0]
    return out


def _walk_json(data, depth: int = 0):
    if depth > 6:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _walk_json(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _walk_json(value, depth + 1)


def _names(value) -> list[str]:
    """Names from a JSON-LD Person/Organization, a list of them, or a plain string."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() and not value.startswith("http") else []
    if isinstance(value, dict):
        name = value.get("name")
        return _names(name) if isinstance(name, (str, list)) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _canonical_url(tree, metas: dict[str, str], url: str | None) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").strip():
            return _absolute(link.get("href").strip(), url)
    if metas.get("og:url"):
        return _absolute(metas["og:url"], url)
    return None


def _absolute(href: str, base: str | None) -> str | None:
    href = urljoin(base, href) if base else href
    return href if href.startswith(("http://", "https://")) else None


def _site_name(raw: str | None) -> str | None:
    """'Outlet | Slogan' to 'Outlet'; '@outlet' (a social handle) to 'outlet'."""
    if not raw:
        return None
    name = re.split(r"\s+[|•·–—]\s+|\s+-\s+", raw)[0].strip().lstrip("@")
    return name or None


def _domain(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host[4:] if host and host.startswith("www.") else host


_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*\|\s*|\s+::\s+")


def _strip_site_suffix(title: str, site_name: str | None) -> str | None:
    """'Headline | Section | Site' or 'Site - Headline' to 'Headline'."""
    title = _clean_space(title)
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) >= 2 and site_name:
        if _is_site(parts[-1], site_name):
            title = _rejoin(title, parts[:-1])
        elif _is_site(parts[0], site_name):
            title = _rejoin(title, parts[1:])
    # Then short trailing sections after a pipe ("| Opinion", "| Editorial"):
    # pipes rarely belong to a headline, and a tail of a few words after one is
    # a section or outlet label.
    while "|" in title:
        head, _, tail = title.rpartition("|")
        if len(tail.split()) > 4 or len(head.split()) < 3:
            break
        title = head.strip()
    return title or None


def _is_site(part: str, site_name: str) -> bool:
    """The title part names the outlet: equal to it, or nearly ("The Times" / "Times UK")."""
    part_n, site_n = _norm(part), _norm(site_name)
    if not part_n or not site_n:
        return False
    if part_n == site_n or part_n.replace(" ", "") == site_n.replace(" ", ""):
        return True
    near = part_n in site_n or site_n in part_n
    return near and abs(len(part_n.split()) - len(site_n.split())) <= 2


def _rejoin(title: str, parts: list[str]) -> str:
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip()


_BY_RE = re.compile(r"^\s*(by|von|por|par|door|di|da|av|af|przez)\s*[:\s]\s*", re.I)
_EMAIL_RE = re.compile(r"\S+@\S+\.\w+")


def _author(tree, metas: dict[str, str], ld: dict[str, str], site_name: str | None) -> str | None:
    candidates = [
        ld.get("author"),
        metas.get("author"),
        metas.get("article:author"),
        metas.get("dc.creator"),
        metas.get("parsely-author"),
        metas.get("sailthru.author"),
        metas.get("byl"),
    ]
    for element in tree.xpath(
        '//*[@rel="author" or @itemprop="author" or contains(concat(" ", normalize-space(@class), " "), " byline ")'
        ' or contains(concat(" ", normalize-space(@class), " "), " author ")'
        ' or contains(concat(" ", normalize-space(@class), " "), " author-name ")]'
    )[:5]:
        candidates.append(_text_of(element))
    for raw in candidates:
        name = _clean_author(raw, site_name)
        if name:
            return name
    return None


def _clean_author(raw: str | None, site_name: str | None) -> str | None:
    if not raw:
        return None
    text = _clean_space(_EMAIL_RE.sub("", raw))
    if text.startswith(("http://", "https://", "www.")):
        return None
    text = _BY_RE.sub("", text)
    text = re.split(r"\s+[|•·]\s+|\s+(?:[-–—])\s+", text)[0]  # "Jane Doe | Staff" -> "Jane Doe"
    # Bylines set with their date: "JANE DOE NOVEMBER 20, 2019 10:43".
    text = re.split(rf"\s+(?:(?:{_MONTHS})\.?\s+\d|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d)", text, flags=re.I)[0]
    text = text.strip(" ,;:-–—")
    if not text or len(text) > 80 or not re.search(r"[^\W\d_]", text):
        return None
    if site_name and _norm(text) == _norm(site_name):
        return None  # the outlet, not a person
    if len(text.split()) > 8:
        return None  # a sentence, not a name
    return text


# Meta tags that carry an article's publication date, most specific first.
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _published(tree, metas: dict[str, str], ld: dict[str, str], url: str | None) -> str | None:
    for raw in [ld.get("datePublished")] + [metas.get(k) for k in _DATE_META]:
        date = _iso_date(raw)
        if date:
            return date
    try:
        # Markup only (no free-text search, which turns a copyright year into a
        # date); original_date asks for publication rather than modification.
        found = find_date(copy.deepcopy(tree), extensive_search=False, original_date=True, url=url)
    except Exception:  # htmldate is a heuristic helper: a failure just means no date
        return None
    return _iso_date(found)


def _iso_date(raw: str | None) -> str | None:
    if not raw:
        return None
    match = _ISO_DATE_RE.search(raw)
    if not match:
        return None
    try:
        date = _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    if not 1990 <= date.year <= _dt.date.today().year + 1:
        return None
    return date.isoformat()


def _language(tree, metas: dict[str, str], ld: dict[str, str]) -> str | None:
    for raw in (
        tree.get("lang"),
        tree.get("xml:lang"),
        metas.get("content-language"),
        metas.get("og:locale"),
        metas.get("language"),
        ld.get("inLanguage"),
    ):
        code = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]|\s*$|\s*,)", raw or "")
        if code:
            return code.group(1).lower()
    return None


# ---------------------------------------------------------------------------
# Main text

_POPUP_CLASS = re.compile(r"tooltip|popover|hover-?card|rollover", re.I)


def _main_text(tree: lxml.html.HtmlElement, meta: _Meta, disabled: frozenset[str] = frozenset()) -> str:
    page = copy.deepcopy(tree)
    if "hover_cards" not in disabled:
        _remove_hover_cards(page)
    if "empty_inline" not in disabled:
        _drop_empty_inline(page)
    if "tweets" not in disabled:
        _unwrap_tweets(page)
    precise = _trafilatura_lines(page, favor_precision=True)
    balanced = _trafilatura_lines(page, favor_precision=False)
    if not precise or "precision" in disabled:
        lines = balanced
    elif "repair" in disabled:
        lines = precise
    else:
        lines = _repair_lines(precise, balanced)
    if not lines and meta.article_body:
        lines = [_clean_space(line) for line in meta.article_body.splitlines() if line.strip()]
    if not lines:
        raise HtmlExtractionError("no main text found in the page")
    why: dict[int, str] = {}
    link_texts = (a.text_content() for a in tree.iter("a"))
    kept = clean_lines(lines, meta.title_variants, meta.author, link_texts, disabled=disabled, why=why)
    if meta.author is None:
        # A byline removed from the body still names the author.
        bylines = (lines[i] for i, rule in sorted(why.items()) if rule == "byline")
        names = (_clean_author(_BY_WORD.split(b)[-1], meta.site_name) for b in bylines)
        meta.author = next(filter(None, names), None)
    lines = kept
    if not lines:
        raise HtmlExtractionError("page has only boilerplate, no article text")
    return "\n\n".join(lines)


def _remove_hover_cards(page) -> None:
    """Delete pop-up cards nested in paragraphs (see module docstring)."""
    for element in list(page.iter("span", "div", "aside")):
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if not _POPUP_CLASS.search(names) or element.getparent() is None:
            continue
        if not any(a.tag == "p" for a in element.iterancestors()):
            continue
        if element.find(".//img") is None and len(element.findall(".//a")) < 2:
            continue
        # Remove the innermost such box: the outer one usually wraps the
        # visible link (the person's name) that belongs to the sentence.
        if any(_POPUP_CLASS.search(f"{d.get('class', '')} {d.get('id', '')}") for d in element.iterdescendants()):
            continue
        parent = element.getparent()
        element.drop_tree()
        # Wrappers left empty go too (their tail text stays; see _drop_empty_inline).
        while parent is not None and parent.tag in _INLINE and not (parent.text or "").strip() and len(parent) == 0:
            grandparent = parent.getparent()
            parent.drop_tree()
            parent = grandparent


_INLINE = {"span", "b", "i", "em", "strong", "font", "small", "u", "abbr", "cite", "q", "a", "mark", "sup", "sub"}


def _drop_empty_inline(page) -> None:
    """Remove empty inline elements (icons, anchors) but keep the text that follows them.

    In precision mode trafilatura deletes empty elements together with their
    tail, so "said <span class="icon"></span>the talks" would lose "the talks".
    """
    for element in list(page.iter(*_INLINE)):
        if len(element) == 0 and not (element.text or "").strip() and (element.tail or "").strip():
            element.drop_tree()


def _unwrap_tweets(page) -> None:
    """Turn embedded tweets into plain quotations (see module docstring).

    The embed is a <blockquote class="twitter-tweet"> inside a wrapper whose
    class says social or embed, which trafilatura discards whole.  The
    wrappers holding nothing but the tweet are replaced by a bare blockquote.
    """
    for quote in page.xpath('//blockquote[contains(concat(" ", normalize-space(@class), " "), " twitter-tweet ")]'):
        text = quote.text_content().strip()
        outer = quote
        while (
            outer.getparent() is not None
            and outer.getparent().tag not in ("body", "article", "main")
            and outer.getparent().text_content().strip() == text
        ):
            outer = outer.getparent()
        plain = lxml.html.Element("blockquote")
        plain.text = quote.text
        plain.extend(list(quote))
        plain.tail = outer.tail
        outer.getparent().replace(outer, plain)


def _trafilatura_lines(page, favor_precision: bool) -> list[str]:
    text = trafilatura.extract(
        page,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        with_metadata=False,
    )
    return [_clean_space(line) for line in (text or "").splitlines() if line.strip()]


def _repair_lines(precise: list[str], balanced: list[str]) -> list[str]:
    """Swap a precision-mode line for the balanced-mode line it is a truncated copy of.

    Precision mode sometimes drops the words of a link from inside a sentence
    ("reported that for his role" instead of "reported that the NFL will fine
    Rudolph for his role").  The complete line starts and ends with the same
    words and contains every word of the short one, in order.  Lines that the
    balanced text also has as they are, and candidates that the precise text
    already has, are left alone: pages with many near-identical lines (recipes,
    listings) would otherwise swap one line for its neighbour.
    """
    precise_norms = {_norm(line) for line in precise}
    balanced_norms = {_norm(line) for line in balanced}
    by_ends: dict[tuple, list[tuple[str, list[str]]]] = {}
    for line in balanced:
        words = _words(line)
        if len(words) >= 6 and " ".join(words) not in precise_norms:
            by_ends.setdefault((tuple(words[:3]), tuple(words[-3:])), []).append((line, words))
    repaired = []
    for line in precise:
        words = _words(line)
        if len(words) < 6 or " ".join(words) in balanced_norms:
            repaired.append(line)
            continue
        candidates = by_ends.get((tuple(words[:3]), tuple(words[-3:])), [])
        longer = (c for c, cw in candidates if len(words) < len(cw) <= 1.5 * len(words) and _is_subsequence(words, cw))
        repaired.append(next(longer, line))
    return repaired


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


# --- line rules --------------------------------------------------------------
# Each rule looks at one paragraph (a "line" of trafilatura's output) and says
# whether it is page furniture.  Rules are named so the benchmark can switch
# them off one at a time and measure what each is worth.


@dataclass
class _Context:
    titles: set[str]  # normalised headline variants
    author: str  # normalised declared author, or ""
    link_texts: set[str]  # normalised texts of the page's links


@dataclass
class _Line:
    text: str  # stripped of list bullets
    words: list[str]
    top: bool  # before the first prose paragraph, among the first five lines
    tail: bool  # after the last long paragraph, or among the last four lines
    bullet: bool  # a list item


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _norm(text: str) -> str:
    return " ".join(_words(text))


_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|"
    "nov|november|dec|december|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|"
    "juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    "octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maret|mei|agustus|"
    "desember"
)
_DAYS = (
    "mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday|"
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    "dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|segunda|terça|quarta|quinta|sexta|feira|"
    "senin|selasa|rabu|kamis|jumat|sabtu|minggu"
)
# Words that may surround a date in a timestamp line.
_DATE_FILLER = (
    "updated|update|published|posted|last|modified|created|on|at|am|pm|a|p|m|et|est|edt|pst|pdt|cst|cdt|gmt|utc|"
    "bst|cet|cest|ist|de|del|às|um|le|à|h|the|of|uhr|aktualisiert|veröffentlicht|publié|publicado|atualizado|"
    "actualizado|pukul|wib"
)
_DATE_WORD = re.compile(rf"^(\d+(st|nd|rd|th)?|{_MONTHS}|{_DAYS}|{_DATE_FILLER})$")


_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")


def _is_timestamp(text: str) -> bool:
    """Only one date and/or time and the words around it ("Updated at 1:23 p.m.").

    Digits alone are not enough (a phone number is digits too), and two dates
    or two clock times make a range ("29 November 2018 | 20 January 2019",
    "9.30 A.M. / 7.00 P.M."): what an event page tells its reader, not when
    the page was written.
    """
    words = _words(text)
    if not any(w.isdigit() for w in words) or not all(_DATE_WORD.match(w) for w in words):
        return False
    if all(w.isdigit() for w in words) and not _NUMERIC_DATE.search(text):
        return False
    years = sum(bool(re.fullmatch(r"(19|20)\d\d", w)) for w in words)
    months = sum(bool(re.fullmatch(_MONTHS, w)) for w in words)
    return years <= 1 and months <= 1 and len(_CLOCK.findall(text)) <= 1


def _label(pattern: str, max_words: int = 12):
    """A rule for short lines that are nothing but a label (trailing punctuation allowed)."""
    regex = re.compile(rf"^({pattern})[\s.!:…|»›>-]*$", re.I)
    return lambda line, ctx: len(line.words) <= max_words and bool(regex.match(line.text))


def _prefix(pattern: str, max_words: int = 30):
    """A rule for short "Label: something" lines, where the label gives them away."""
    regex = re.compile(rf"^({pattern})\s*[:|»›>]\s*\S", re.I)
    return lambda line, ctx: len(line.words) <= max_words and bool(regex.match(line.text))


def _any(*rules):
    return lambda line, ctx: any(rule(line, ctx) for rule in rules)


def _title(line: _Line, ctx: _Context) -> bool:
    return line.top and " ".join(line.words) in ctx.titles


_BYLINE = re.compile(r"^(by|von|por|par|door|di|av)\s+[^\W\d_]", re.I)
_BY_WORD = re.compile(r"\b(by|von|por|par)\s+", re.I)


def _byline(line: _Line, ctx: _Context) -> bool:
    if not line.top or len(line.words) > 12:
        return False
    if _BYLINE.match(line.text) or re.fullmatch(r"(by|von|por|par)", line.text.strip(" :"), re.I):
        return True
    if ctx.author and " ".join(line.words).startswith(ctx.author):
        return True  # "Jane Doe, Staff Writer"
    # "5:45 AM PST 11/19/2019 by Jane Doe": a timestamp, then a byline.
    match = _BY_WORD.search(line.text)
    return bool(match and _is_timestamp(line.text[: match.start()]))


_READING_TIME = re.compile(
    r"^\(?\d+\s*(min|mins|minute|minutes|minuto|minutos|minuten|menit)\.?\s*(read|reading|de leitura|de lectura|"
    r"de lecture|lesezeit|lesen|baca)\)?$",
    re.I,
)
def _timestamp_line(line: _Line, ctx: _Context) -> bool:
    return (line.top or line.tail) and len(line.words) <= 14 and _is_timestamp(line.text)


def _reading_time(line: _Line, ctx: _Context) -> bool:
    return len(line.words) <= 8 and bool(_READING_TIME.match(line.text))


_timestamp = _any(
    _timestamp_line,
    _reading_time,
    _prefix("reading time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit", 8),
    _label("(last )?(updated|published|posted)( on| at)?"),
)

_SOCIAL_WORDS = {
    "share", "shares", "sharing", "tweet", "tweets", "email", "e", "mail", "facebook", "twitter", "linkedin",
    "whatsapp", "pinterest", "pin", "reddit", "print", "copy", "link", "messenger", "telegram", "this", "article",
    "story", "page", "on", "via", "save", "flipboard", "tumblr", "sms", "the", "x", "mastodon", "bluesky",
    "url", "copied", "it", "post", "back", "to", "top",
}


_SOCIAL_FILLER = {"this", "article", "story", "page", "on", "via", "the", "it", "post", "back", "to", "top", "url", "link"}


def _share_buttons(line: _Line, ctx: _Context) -> bool:
    words = line.words
    return len(words) <= 8 and all(w in _SOCIAL_WORDS for w in words) and any(w not in _SOCIAL_FILLER for w in words)


_share = _any(_share_buttons, _label(r"back to (top|gallery)|share (this|on|via)( \w+)?"))


_PROMO_TAG = re.compile(r"\[[A-Z][A-Za-z]{2,}\]\W*$")


def _promo_tag(line: _Line, ctx: _Context) -> bool:
    """Promo headlines tagged "[VIDEO]", "[INSIGHT]": short, ending in a bracketed word, not a sentence."""
    return len(line.words) <= 25 and bool(_PROMO_TAG.search(line.text)) and not line.text.rstrip("]").endswith(".")


_related = _any(
    _label(
        r"read (more|next|also)|more|more from .{1,40}|see more|see also|also (read|see)|related|"
        r"related (articles?|stories|story|content|coverage|posts?|links?|news|topics|reading)|"
        r"don'?t miss|you (may|might) also like|recommended( for you| stories| reading)?|"
        r"most (read|popular|viewed|shared)( .{0,40})?|trending( now| stories)?|"
        r"more (stories|news|videos?|on this( story| topic)?)|further reading|top stories|explore further"
    ),
    _prefix(
        r"related( (articles?|stories|story|content|coverage|posts?|links?|news|reading))?|read (more|also|next)|"
        r"also read|see (more|also)|more|more on this|watch|listen|don'?t miss|recommended|trending|most read"
    ),
    _promo_tag,
)

# A sign-up prompt asks (imperative or thanks) and names what it sells; "Sign
# up for X" alone is also how how-to articles give instructions, so it is not
# enough.
_NEWSLETTER = re.compile(r"\b(newsletters?|inbox|subscrib\w*|subscriptions?)\b", re.I)
_CALL_TO_ACTION = re.compile(
    r"^(get|sign|subscribe|join|register|enter|thanks|thank you|keep|never miss|don'?t miss|stay|want|like this|"
    r"enjoy|love|click|download|receive|be the first|for more|there was an error|you('re| are) (now )?subscribed)\b",
    re.I,
)


def _sign_up_prompt(line: _Line, ctx: _Context) -> bool:
    # Closing subscription pitches run longer than mid-article prompts.
    if len(line.words) > (60 if line.tail else 30) or not _NEWSLETTER.search(line.text):
        return False
    return bool(_CALL_TO_ACTION.match(line.text)) or len(line.words) <= 4


_newsletter = _any(
    _sign_up_prompt,
    _label(r"thanks for (signing up|subscribing)|sign up( now| today| here)?|subscribe( now| today| here)?"),
)

_FOLLOW = re.compile(
    r"\bfollow\s+(us|me|him|her|them|[\w@.]+(\s+[\w@.]+){0,3})\s+(on|at|@)\s*"
    r"(twitter|facebook|instagram|youtube|linkedin|tiktok|threads|mastodon|bluesky|x\b|@)",
    re.I,
)
_CONTACT = re.compile(
    r"\b(have a (news )?tip\b|(can|may) be reached at|email (him|her|them|me) at|contact (him|her|them) at)", re.I
)
_FOLLOW_URL = re.compile(r"^follow\b.*(https?://|www\.)", re.I)


def _follow(line: _Line, ctx: _Context) -> bool:
    if not line.tail or len(line.words) > 60:
        return False
    return any(regex.search(line.text) for regex in (_FOLLOW, _CONTACT, _FOLLOW_URL))


# "If you enjoyed this article, ... join / subscribe / donate": the closing
# appeal for money or sign-ups.
_APPEAL = re.compile(
    r"^if you (enjoyed|liked|like|love|appreciate|value|found)\b.{0,80}\b(this|our|reading)\b.*"
    r"\b(join|subscri\w*|support|donat\w*|contribut\w*|member\w*|sign up)\b",
    re.I,
)


def _appeal(line: _Line, ctx: _Context) -> bool:
    return line.tail and len(line.words) <= 80 and bool(_APPEAL.search(line.text))


_comments = _label(
    r"user comments|comments?|view comments|show comments|load comments|(\d+|no) (comments?|responses?|replies)|"
    r"comments are closed|leave a (reply|comment)|post a comment|add a comment|join the (conversation|discussion)|"
    r"tell us what you think|"
    # WordPress's default comment-form heading in a few common languages
    r"deixe uma resposta|deja una respuesta|deja un comentario|laisser un commentaire|hinterlasse einen kommentar|"
    r"tinggalkan balasan|tinggalkan komentar|lascia un commento|laat een reactie achter"
)

_advert = _label(
    r"advertisement|advertising|anzeige|publicidad|publicité|sponsored( content)?|paid content|"
    r"story continues (below|after) (this )?(advertisement|ad)|continue reading( below| the main story)?|"
    r"scroll (down )?to continue( with content)?|article continues (below|after advertisement)|skip ad"
)

_COPYRIGHT = re.compile(r"(©|\(c\)\s*\d{4}|^copyright\b|\ball rights reserved\b)", re.I)


def _copyright(line: _Line, ctx: _Context) -> bool:
    return len(line.words) <= 40 and bool(_COPYRIGHT.search(line.text))


_credit = _any(
    _label(r"image|caption|photo|gallery|view gallery|close|\d+ ?(of|/) ?\d+|\d+of/?\d+"),
    _prefix(r"photos?|images?|pictures?|video|graphic|illustration|(photo|image|picture) ?credit|credit|fotos?|bild", 20),
    _copyright,
)

_PINGBACK = re.compile(r"^\[(…|\.\.\.)\].*\[(…|\.\.\.)\]$")


def _pingback(line: _Line, ctx: _Context) -> bool:
    return bool(_PINGBACK.match(line.text))


_taxonomy = _any(
    _prefix(r"filed under|tags?|tagged( with)?|categor(y|ies)|topics?|posted in", 20),
    _pingback,
)

# Closing staff credits ("Additional reporting by ...", "Editing by ...").
# "Source: X" and "Reporting by X" stay: text cleanup reads them as the
# original source and the author.
_END_CREDIT = re.compile(r"^(additional reporting|editing|writing and editing|compiled) by\b", re.I)


def _credits(line: _Line, ctx: _Context) -> bool:
    return line.tail and len(line.words) <= 20 and bool(_END_CREDIT.match(line.text))


# Order matters only for the name a removed line is counted under.
LINE_RULES = (
    ("title", _title),
    ("byline", _byline),
    ("timestamp", _timestamp),
    ("share", _share),
    ("related", _related),
    ("newsletter", _newsletter),
    ("follow", _follow),
    ("appeal", _appeal),
    ("comments", _comments),
    ("advert", _advert),
    ("credit", _credit),
    ("taxonomy", _taxonomy),
    ("credits", _credits),
)
# Rules over several lines, and the two in-line edits; names for switching off.
BLOCK_RULES = (
    "comment_section", "link_list", "link_bullets", "leftover", "tweet_label", "shortcode",
    "hover_cards", "empty_inline", "tweets", "repair",
)
# "precision" switches the base text from precision mode to balanced mode.

_COMMENT_SECTION = re.compile(
    r"^(\d+|one|two|three) (thoughts|responses|comments|replies|reactions) (on|to)\b|^(\d+ )?comments? on\b", re.I
)
_CLICK_TO_TWEET = re.compile(r"\s*click to tweet\s*$", re.I)
_SHORTCODE_BLOCK = re.compile(r"^\s*\[([a-z][a-z0-9_-]*)\b[^\]]*\].*\[/\1\]\s*$")
_SHORTCODE = re.compile(r"\[/?[a-z][a-z0-9_-]*(\s+[a-z_-]+\s*=\s*[^\]]*)+\]|\[/[a-z][a-z0-9_-]*\]")


def clean_lines(
    lines: list[str],
    titles: Iterable[str] = (),
    author: str | None = None,
    link_texts: Iterable[str] = (),
    *,
    disabled: frozenset[str] = frozenset(),
    why: dict[int, str] | None = None,
) -> list[str]:
    """Drop page furniture from extracted paragraphs (the rules of the module docstring).

    ``titles``: the page's headline forms; ``author``: its declared author;
    ``link_texts``: the texts of its links.  ``why``, if given, collects
    {line index: rule name} for each removed line.
    """
    ctx = _Context(
        titles={_norm(t) for t in titles if _norm(t)},
        author=_norm(author or ""),
        link_texts={_norm(t) for t in link_texts if len(_words(t)) >= 2},
    )
    if "tweet_label" not in disabled:
        lines = [_CLICK_TO_TWEET.sub("", line) for line in lines]
    n = len(lines)
    removed: dict[int, str] = {} if why is None else why
    if "shortcode" not in disabled:
        # A line that is one shortcode block ("[button ...]Send a tip[/button]")
        # was a widget; elsewhere only the tags go.
        for i, line in enumerate(lines):
            if _SHORTCODE_BLOCK.match(line):
                removed[i] = "shortcode"
        lines = [_SHORTCODE.sub("", line).strip() for line in lines]
    # The tail is what follows the last long paragraph (and at least the last
    # four lines): where bios, follow-us lines and credits sit.
    long_lines = [i for i, line in enumerate(lines) if len(_words(line)) >= 30]
    tail_start = min(n - 4, long_lines[-1] + 1) if long_lines else n - 4

    if "comment_section" not in disabled:
        # A comment-section heading: everything from there on is comments.
        for i, line in enumerate(lines):
            if i > 0 and len(_words(line)) <= 30 and _COMMENT_SECTION.match(line):
                removed.update({j: "comment_section" for j in range(i, n)})
                break

    prose_seen = False
    views = []
    for i, raw in enumerate(lines):
        text = raw.lstrip("-•*· ").strip()
        bullet = raw.startswith(("- ", "• ", "* ", "· "))
        line = _Line(text=text, words=_words(text), top=not prose_seen and i < 5, tail=i >= tail_start, bullet=bullet)
        views.append(line)
        if i in removed:
            continue
        if not line.words:
            removed[i] = "empty"
            continue
        for name, rule in LINE_RULES:
            if name not in disabled and rule(line, ctx):
                removed[i] = name
                break
        if i not in removed and len(line.words) >= 12:
            prose_seen = True

    if "newsletter" not in disabled:
        # A sign-up box: its heading ("Pick Six Newsletter") is followed by
        # its pitch ("Get the day's big stories ...").
        for i in sorted(removed):
            heading = removed[i] == "newsletter" and _is_heading(views[i]) and "newsletter" in views[i].words
            if heading and i + 1 < n and i + 1 not in removed and len(views[i + 1].words) <= 20:
                removed[i + 1] = "newsletter"

    def links(i: int) -> bool:
        return len(views[i].words) <= 25 and _is_link_line(views[i].words, ctx.link_texts)

    if "link_list" not in disabled:
        # Link lists at either end: walk in from the end, then from the start,
        # over lines that are the text of a link on the page (other stories,
        # section links), skipping lines already removed.  From the start, a
        # short heading is passed over too when links follow it ("Latest
        # news" above a row of headlines); at the end, "leftover" takes it.
        for order in (range(n - 1, -1, -1), range(n)):
            headings: list[int] = []
            for i in order:
                if i in removed:
                    continue
                if links(i):
                    removed.update({k: "link_list" for k in headings + [i]})
                    headings = []
                elif order.step == 1 and _is_heading(views[i]):
                    headings.append(i)
                else:
                    break

    if "link_bullets" not in disabled:
        # Inside the text: two or more consecutive list items that are each a
        # whole link ("more on this" boxes set as lists).
        i = 0
        while i < n:
            j = i
            while j < n and j not in removed and views[j].bullet and links(j):
                j += 1
            if j - i >= 2:
                removed.update({k: "link_bullets" for k in range(i, j)})
            i = max(j, i + 1)

    if "leftover" not in disabled:
        # A few words left between two removed lines belong to the same block,
        # and a short heading with nothing left under it at the end was the
        # heading of a removed block.
        for i in range(n):
            if i not in removed and len(views[i].words) <= 4:
                if i > 0 and i - 1 in removed and (i == n - 1 or i + 1 in removed):
                    removed[i] = "leftover"
        for i in range(n - 1, -1, -1):
            if i not in removed:
                if i < n - 1 and len(views[i].words) <= 4 and _is_heading(views[i]):
                    removed[i] = "leftover"
                break
    return [line for i, line in enumerate(lines) if i not in removed]


def _is_heading(line: _Line) -> bool:
    """A few words, with letters, not ending like a sentence."""
    return (
        len(line.words) <= 6
        and bool(re.search(r"[^\W\d_]", line.text))
        and not line.text.endswith((".", "!", "?", ":"))
    )


def _is_link_line(words: list[str], link_texts: set[str]) -> bool:
    """The line is a link's text, or starts with one that covers much of it (headline + teaser)."""
    if len(words) < 2:
        return False
    for k in range(len(words), 1, -1):
        if " ".join(words[:k]) in link_texts:
            return k == len(words) or k >= 0.4 * len(words)
    return False


# --- small helpers -------------------------------------------------------------


def _clean_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text_of(element) -> str | None:
    if element is None:
        return None
    text = _clean_space(element.text_content())
    return text or None


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return _clean_space(value)
    return None
