"""How reports are named and how they relate, in the same words in the CLI and on the pages.

A report is named by its outlet, title and date, never by a file name or hash. How the reports
of a story relate comes from one place, link/provenance.py: the earliest report; a copy is a
copy *of* the article it reproduces; a rewrite retells the earliest report. The other end of
each relation reads "copied by" / "rewritten by".
"""
from __future__ import annotations

from urllib.parse import urlparse


def outlet_name(article) -> str:
    """The outlet, else the site the URL names, else "unnamed outlet"."""
    if getattr(article, "outlet", None):
        return article.outlet
    url = getattr(article, "url", None)
    host = urlparse(url).hostname if url and "://" in url else None
    return host.removeprefix("www.") if host else "unnamed outlet"


def source_label(article, *, title: bool = True) -> str:
    """"Outlet: Title (date)", the whole title: how a report is named wherever it is cited."""
    if article is None:
        return "a report no longer stored"
    out = outlet_name(article)
    if title and getattr(article, "title", None):
        out += f": {article.title}"
    published = getattr(article, "published", None)
    return out + f" ({published or 'undated'})"


def relations(prov, label) -> dict[str, list[dict]]:
    """{article id: [{kind, text, other}]} from a story's provenance: what each report is (copy of,
    rewrite of, credits) and what others are of it (copied by, retold by). `label(article_id)` names
    the other report."""
    out: dict[str, list[dict]] = {item.id: [] for item in prov.articles}
    for item in prov.articles:
        if item.relation == "earliest":
            out[item.id].append({"kind": "earliest", "text": "earliest report", "other": None, "other_label": ""})
        elif item.relation in ("copy", "rewrite") and item.of:
            word = "copy of" if item.relation == "copy" else "rewrite of"
            back = "copied by" if item.relation == "copy" else "rewritten by"
            out[item.id].append({"kind": item.relation, "text": word, "other": item.of, "other_label": label(item.of)})
            out.setdefault(item.of, []).append({"kind": f"{item.relation}-source", "text": back, "other": item.id,
                                                "other_label": label(item.id)})
        if item.credits:
            out[item.id].append({"kind": "credits", "text": f"credits {item.credits}",
                                 "other": item.credits_article,
                                 "other_label": label(item.credits_article) if item.credits_article else ""})
    return out


def relation_text(item, label) -> str:
    """One line for the CLI's `story` table, in the words the page's badges use."""
    if item.relation == "earliest":
        text = "earliest report"
    elif item.of:
        text = ("copy of " if item.relation == "copy" else "rewrite of ") + label(item.of)
    else:
        text = item.relation
    if item.credits:
        text += f"; credits {item.credits}"
    return text
