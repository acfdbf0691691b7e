"""Style sheet and page script of the UI. Nothing is fetched from outside: system fonts, no CDN."""

DISCLAIMER = (
    "Decision support only: answers are extracted from the indexed documents and must be checked against "
    "the cited sources. They do not replace clinical judgement."
)

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]

CSS = """
/* Projectors and large screens: every theme text size steps up (see also the end of this sheet). */
@media (min-width: 1700px) {
  .gradio-container {--text-xxs: 12px; --text-xs: 14px; --text-sm: 16px; --text-md: 19px; --text-lg: 22px;
                     --text-xl: 26px; --text-xxl: 30px}}
.gradio-container {max-width: 1800px !important}
#disclaimer {border-left: 4px solid #b45309; background: #fffbeb; color: #451a03; padding: 8px 12px;
             border-radius: 4px; font-size: 17px}
#chat .message {font-size: 17px; line-height: 1.5}
a.cds-cite, a.cds-doc {font-weight: 600; text-decoration: none; color: #1d4ed8; padding: 0 2px;
                        border-radius: 3px; cursor: pointer}
a.cds-cite:hover, a.cds-doc:hover {background: #dbeafe}
a.cds-cite:focus-visible, a.cds-doc:focus-visible, button:focus-visible {outline: 3px solid #f59e0b;
                                                                         outline-offset: 1px}
.cds-interp {color: #52525b; font-style: italic}
.cds-note {display: inline-block; font-size: 0.9em; color: #7c2d12; background: #fff7ed;
           border: 1px solid #fed7aa; border-radius: 4px; padding: 2px 6px}
.cds-abstain-badge {display: inline-block; font-weight: 700; color: #3f3f46; background: #f4f4f5;
                    border: 1px dashed #71717a; border-radius: 4px; padding: 1px 6px}
.cds-sources, .cds-document, .cds-corpus {font-size: 16px}
.cds-source {border: 1px solid #d4d4d8; border-radius: 6px; padding: 8px 10px; margin: 6px 0}
.cds-source.cds-open {border: 2px solid #2563eb}
.cds-source .where {color: #3f3f46; font-size: 0.9em}
.cds-source blockquote {margin: 6px 0 0 0; padding-left: 10px; border-left: 3px solid #2563eb;
                        white-space: pre-wrap}
.cds-source.cds-related blockquote {border-left-color: #a1a1aa}
.cds-sources mark, .cds-document mark {background: #fde68a; color: inherit; padding: 0 1px}
.cds-document mark.cds-focus {background: #f59e0b; outline: 2px solid #b45309}
.cds-abstain {border: 1px dashed #a1a1aa; border-radius: 6px; padding: 8px 10px; color: #3f3f46;
              background: #fafafa}
.cds-caveats {color: #7c2d12; font-size: 0.9em}
.cds-document .cds-doctext {white-space: pre-wrap; max-height: 65vh; overflow: auto; border: 1px solid #e4e4e7;
                            padding: 8px; border-radius: 6px; font-size: 0.95em}
.cds-corpus table {border-collapse: collapse; width: 100%} .cds-corpus td, .cds-corpus th {border-bottom:
  1px solid #e4e4e7; padding: 3px 6px; text-align: left}
#ingest-status pre {white-space: pre-wrap; font-size: 0.9em}
.cds-hidden {display: none !important}
@media (min-width: 1700px) {#chat .message {font-size: 21px} .cds-sources, .cds-document, .cds-corpus {font-size: 19px}
  #disclaimer {font-size: 19px}}
"""

# Clicking (or pressing Enter on) a [n] marker or a "whole document" link hands its target to the server
# through a hidden textbox and button; everything shown comes back from the server, escaped.
HEAD = """<script>
document.addEventListener('click', function (e) {
  var a = e.target && e.target.closest && e.target.closest('a.cds-cite, a.cds-doc');
  if (!a) return;
  e.preventDefault(); e.stopPropagation();
  var box = document.querySelector('#cite-target textarea, #cite-target input');
  var btn = document.querySelector('#cite-open');
  if (!box || !btn) return;
  box.value = (a.getAttribute('href') || '').slice(1) + ':' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
  setTimeout(function () { btn.click(); }, 0);
}, true);
</script>"""

SCROLL_TO_FOCUS = """() => { setTimeout(() => { const m = document.querySelector('#document mark.cds-focus');
  if (m) m.scrollIntoView({block: 'center'}); }, 50); }"""

