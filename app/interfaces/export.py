"""Export a conversation with its citations: Markdown and a print-friendly, self-contained HTML page.
Everything that came from a user or a document is escaped."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from app.files import PRIVATE_DIR, write_private_text

DISCLAIMER = (
    "Decision support only: answers are extracted from the indexed documents and must be checked against "
    "the cited sources. They do not replace clinical judgement."
)


def _md(text: str) -> str:
    """Plain text for Markdown: no HTML, no emphasis, no links."""
    text = html.escape(" ".join(str(text or "").split()), quote=False)
    return re.sub(r"([\\`*_{}#|!]|\[(?!\d+\]))", r"\\\1", text)


def _removed(answer) -> list:
    return [s for s in getattr(answer, "sentences", []) or [] if not s.supported]


def to_markdown(answers: list, title: str = "Clinical evidence assistant — conversation") -> str:
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    out = [f"# {title}", "", f"Exported {now}.", "", f"> {DISCLAIMER}", ""]
    for i, a in enumerate(answers, 1):
        out += [f"## {i}. {_md(a.question)}", ""]
        if a.interpreted_as and a.interpreted_as != a.question:
            out += [f"*Interpreted as:* {_md(a.interpreted_as)}", ""]
        if a.abstained:
            out += ["**Not in the indexed documents.**", ""]
        out += [_md(a.answer), ""]
        if a.notice:
            out += [f"*Note:* {_md(a.notice)}", ""]
        for s in _removed(a):
            why = "; ".join(s.issues) or "not supported by its cited passage"
            out += [f"*Removed by the citation check:* {_md(s.text)} ({_md(why)})", ""]
        if a.citations:
            out += ["Sources:", ""]
            for c in a.citations:
                where = " › ".join(_md(x) for x in (c.title, c.section) if x)
                out += [f"- [{c.n}] {where} — {_md(Path(c.source).name)}, characters {c.start}–{c.end}",
                        f"  > {_md(c.quote)}"]
            out.append("")
        elif a.abstained and a.related:
            out += ["Related passages (not answering):", ""]
            for c in a.related:
                out.append(f"- {_md(c.title)} › {_md(c.section or 'opening')}: {_md(c.quote[:300])}")
            out.append("")
        for cav in a.caveats or []:
            out += [f"*Source caveat:* {_md(cav)}", ""]
    return "\n".join(out).rstrip() + "\n"


_PRINT_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:48rem;margin:2rem auto;
     padding:0 1rem;color:#111;line-height:1.5;font-size:16px}
.disclaimer{border-left:4px solid #b45309;background:#fffbeb;padding:.5rem .75rem}
.turn{border-top:1px solid #ccc;padding-top:.75rem;margin-top:1rem;break-inside:avoid}
.abstain{border:1px dashed #777;padding:.25rem .5rem;display:inline-block}
.interp,.note{color:#444;font-style:italic}
ol.sources{padding-left:1.25rem} ol.sources li{margin:.25rem 0}
blockquote{margin:.25rem 0;padding-left:.75rem;border-left:3px solid #2563eb;white-space:pre-wrap}
mark{background:#fde68a;color:inherit}
@media print{body{margin:0;max-width:none;font-size:11pt} .turn{break-inside:avoid} a{color:inherit}}
"""


def to_html(answers: list, title: str = "Clinical evidence assistant — conversation") -> str:
    e = lambda s: html.escape(str(s or ""), quote=True)  # noqa: E731
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    out = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}</title>"
           f"<style>{_PRINT_CSS}</style></head><body>",
           f"<h1>{e(title)}</h1><p>Exported {e(now)}.</p><p class='disclaimer'>{e(DISCLAIMER)}</p>"]
    for i, a in enumerate(answers, 1):
        out.append(f"<section class='turn'><h2>{i}. {e(a.question)}</h2>")
        if a.interpreted_as and a.interpreted_as != a.question:
            out.append(f"<p class='interp'>Interpreted as: {e(a.interpreted_as)}</p>")
        if a.abstained:
            out.append("<p class='abstain'><strong>Not in the indexed documents.</strong></p>")
        out.append(f"<p>{e(a.answer)}</p>")
        if a.notice:
            out.append(f"<p class='note'>Note: {e(a.notice)}</p>")
        for s in _removed(a):
            why = "; ".join(s.issues) or "not supported by its cited passage"
            out.append(f"<p class='note'>Removed by the citation check: {e(s.text)} ({e(why)})</p>")
        if a.citations:
            out.append("<ol class='sources'>")
            for c in a.citations:
                out.append(
                    f"<li value='{int(c.n)}'><strong>{e(c.title)}</strong> › {e(c.section or 'opening')} — "
                    f"{e(Path(c.source).name)}, characters {int(c.start)}–{int(c.end)}"
                    f"<blockquote>{_marked(c, e)}</blockquote></li>")
            out.append("</ol>")
        elif a.abstained and a.related:
            out.append("<p>Related passages (not answering):</p><ul>")
            for c in a.related:
                out.append(f"<li>{e(c.title)} › {e(c.section or 'opening')}: {e(c.quote[:300])}</li>")
            out.append("</ul>")
        for cav in a.caveats or []:
            out.append(f"<p class='note'>Source caveat: {e(cav)}</p>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out)


def write_exports(answers: list, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    md = folder / f"conversation-{stamp}.md"
    page = folder / f"conversation-{stamp}.html"
    write_private_text(md, to_markdown(answers))  # a conversation may hold patient data: owner-only
    write_private_text(page, to_html(answers))
    return [md, page]


def _marked(c, e) -> str:
    """The quote with the spans the answer stands on marked (all of it unless a row was read in parts)."""
    out, pos = [], c.start
    for s, end in c.spans:
        out += [e(c.quote[pos - c.start : s - c.start]), f"<mark>{e(c.quote[s - c.start : end - c.start])}</mark>"]
        pos = end
    out.append(e(c.quote[pos - c.start :]))
    return "".join(out)
