"""Style sheet and page script of the UI. Nothing is fetched from outside: system fonts, no CDN.

Colours meet WCAG 2.1 AA: text at least 4.5:1 against its background, focus rings 3:1."""

from app.interfaces.export import DISCLAIMER  # noqa: F401  (one wording, on the page and in exports)

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]

CSS = """
/* Projectors and large screens: every theme text size steps up (see also the end of this sheet). */
@media (min-width: 1700px) {
  .gradio-container {--text-xxs: 12px; --text-xs: 14px; --text-sm: 16px; --text-md: 19px; --text-lg: 22px;
                     --text-xl: 26px; --text-xxl: 30px}}
.gradio-container {max-width: 1800px !important; --body-text-color-subdued: #52525b;
                   --input-placeholder-color: #52525b; --block-info-text-color: #3f3f46}
textarea::placeholder, input::placeholder {color: #52525b !important; opacity: 1}
footer, footer a, footer button, footer span {color: #3f3f46 !important}
.cds-header h1 {font-size: 1.7rem; margin: 0 0 4px 0; color: #18181b}
.cds-header p {margin: 0; color: #3f3f46}
#disclaimer {border-left: 4px solid #b45309; background: #fffbeb; color: #451a03; padding: 8px 12px;
             border-radius: 4px; font-size: 17px}
.cds-footnote {font-size: .9rem; color: #3f3f46}
.cds-sr {position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
         white-space: nowrap; margin: -1px; padding: 0; border: 0}
a:focus-visible, button:focus-visible, [tabindex]:focus-visible, textarea:focus-visible, input:focus-visible,
summary:focus-visible {outline: 3px solid #b45309 !important; outline-offset: 2px}

/* The conversation */
#chat .message {font-size: 17px; line-height: 1.55}
#chat .cds-turn {margin: 0 0 18px 0}
#chat .message.user h2.cds-q {display: inline-block; font-size: 1em; font-weight: 600; margin: 0 0 6px 0;
  padding: 6px 12px; background: #eff6ff; color: #172554; border-radius: 10px; overflow-wrap: anywhere}
#chat .message.bot {color: #18181b; padding: 2px 2px 4px 2px}
#chat .message.bot p {margin: 4px 0}
a.cds-cite, a.cds-doc {font-weight: 600; text-decoration: none; color: #1d4ed8; padding: 0 2px; border-radius: 3px;
                       cursor: pointer}
a.cds-doc {text-decoration: underline}
a.cds-cite:hover, a.cds-doc:hover {background: #dbeafe}
.cds-cite-wrap {position: relative; display: inline}
.cds-pop {display: none; position: absolute; left: 0; top: 1.6em; z-index: 40; width: max-content;
  max-width: min(30rem, 88vw); background: #fff; color: #18181b; border: 1px solid #71717a; border-radius: 8px;
  box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 8px 10px; font-size: 15px; line-height: 1.45; font-weight: 400;
  text-align: left; white-space: normal}
.cds-cite-wrap:hover .cds-pop, .cds-cite-wrap:focus-within .cds-pop {display: block}
.cds-cite-wrap.cds-pop-off .cds-pop {display: none}
.cds-pop > span {display: block} .cds-pop-title {font-weight: 600}
.cds-pop-where, .cds-pop-hint {color: #3f3f46; font-size: .9em}
.cds-pop-quote {margin: 4px 0; padding-left: 8px; border-left: 3px solid #2563eb}
.cds-support {display: inline-block; font-size: .72em; font-weight: 600; border-radius: 9px; padding: 0 7px;
              margin-left: 3px; vertical-align: 1px; white-space: nowrap}
.cds-support.cds-strong {color: #065f46; background: #d1fae5} .cds-support.cds-partial {color: #92400e; background: #fef3c7}
.cds-interp {color: #3f3f46; font-style: italic}
.cds-note {font-size: .9em; color: #7c2d12; background: #fff7ed; border: 1px solid #fed7aa; border-radius: 4px;
           padding: 2px 6px}
.cds-abstain-badge {display: inline-block; font-weight: 700; color: #3f3f46; background: #f4f4f5;
                    border: 1px dashed #52525b; border-radius: 4px; padding: 1px 6px}
.cds-cards ol {list-style: none; padding: 0; margin: 8px 0 0 0; display: grid; gap: 8px}
.cds-card, .cds-source {border: 1px solid #d4d4d8; border-radius: 8px; padding: 8px 10px; background: #fafafa;
                        font-size: 15px}
.cds-card.cds-pinned, .cds-source.cds-open {border: 2px solid #2563eb; background: #eff6ff}
.cds-card-title {font-weight: 600} .cds-card-n {color: #1d4ed8; font-weight: 700}
.cds-kind {color: #3f3f46; font-size: .85em; white-space: nowrap}
.cds-colhead {color: #3f3f46; font-weight: 600}
.where {color: #3f3f46; font-size: .9em}
.cds-card blockquote, .cds-source blockquote {margin: 6px 0 4px 0; padding-left: 10px; border-left: 3px solid #2563eb}
.cds-source.cds-related blockquote {border-left-color: #71717a}
.cds-card details, .cds-source details {font-size: .9em} .cds-card summary, .cds-source summary {cursor: pointer; color: #3f3f46}
.cds-followups ul, .cds-examples {list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 6px}
button.cds-ask {text-align: left; border: 1px solid #93c5fd; background: #eff6ff; color: #1e3a8a; border-radius: 14px;
                padding: 5px 12px; font-size: 15px; line-height: 1.35; cursor: pointer}
button.cds-ask:hover {background: #dbeafe}
.cds-docref {color: #52525b; font-size: .7em; font-weight: 400; padding: 0 1px}
.cds-citeref {color: #1d4ed8; font-weight: 700; font-size: .75em}
.cds-sep {color: #52525b}
dl.cds-cells {margin: 0; display: grid; gap: 2px} dl.cds-cells > div {display: flex; flex-wrap: wrap; gap: 0 8px}
dl.cds-cells dt {color: #3f3f46; font-weight: 600} dl.cds-cells dt::after {content: ":"} dl.cds-cells dd {margin: 0}
.cds-sources mark, .cds-document mark, .cds-card mark {background: #fde68a; color: inherit; padding: 0 1px}
.cds-document mark.cds-focus {background: #f59e0b; outline: 2px solid #b45309}
.cds-abstain {border: 1px dashed #71717a; border-radius: 6px; padding: 8px 10px; color: #3f3f46; background: #fafafa}
.cds-caveats {color: #7c2d12; font-size: .9em}
.cds-status {color: #7c2d12; font-weight: 600; margin: 2px 0}
#ask-row {position: sticky; bottom: 0; z-index: 20; background: var(--background-fill-primary, #fff);
          padding: 6px 0; border-top: 1px solid #e4e4e7}

/* The landing page */
.cds-landing h2 {font-size: 1.15rem; margin: 10px 0 4px 0} .cds-landing h3 {font-size: 1rem; margin: 4px 0}
.cds-doclist {margin: 4px 0; padding-left: 1.2em} .cds-columns {display: grid; grid-template-columns: 1fr 1fr; gap: 12px}
@media (max-width: 700px) {.cds-columns {grid-template-columns: 1fr}}

/* Side panel: beside the chat it stays in view while a long conversation scrolls, so a pinned source
   is seen where it opens; stacked under the chat (narrow screens) it scrolls with the page. */
@media (min-width: 900px) {#side-col {position: sticky; top: 8px; align-self: flex-start;
                                      max-height: calc(100vh - 16px); overflow-y: auto}}
.cds-sources, .cds-document, .cds-corpus {font-size: 16px}
.cds-document .cds-doctext {white-space: pre-wrap; max-height: 65vh; overflow: auto; border: 1px solid #e4e4e7;
                            padding: 8px; border-radius: 6px; font-size: 0.95em}
.cds-table-wrap {overflow-x: auto}
.cds-corpus table {border-collapse: collapse; width: 100%} .cds-corpus td, .cds-corpus th {border-bottom:
  1px solid #e4e4e7; padding: 4px 6px; text-align: left; vertical-align: top}
.cds-corpus td.cds-title {min-width: 12em; overflow-wrap: anywhere} .cds-nowrap {white-space: nowrap}
#ingest-status pre {white-space: pre-wrap; font-size: 0.9em}
.cds-hidden {display: none !important}
@media (min-width: 1700px) {#chat .message {font-size: 21px} .cds-sources, .cds-document, .cds-corpus {font-size: 19px}
  #disclaimer {font-size: 19px} .cds-card, .cds-source, .cds-pop, button.cds-ask {font-size: 18px}}
"""

# - A click (or Enter) on [n] pins that source: the server fills the sources panel (through a hidden
#   textbox and button; everything shown comes back escaped), and the source card under the answer is
#   marked; when the panel is stacked below the chat (a phone), the card is scrolled into view instead.
# - A suggested question (landing page, follow-ups) is put in the question box and asked.
# - Escape hides an open popover (WCAG 1.4.13); a popover that would leave the screen is moved back in.
# - Each final answer is read out once, as plain text, through a polite live region.
HEAD = """<script>
(function () {
  function send(value) {
    var box = document.querySelector('#cite-target textarea, #cite-target input');
    var btn = document.querySelector('#cite-open');
    if (!box || !btn) return;
    box.value = value + ':' + Date.now();
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(function () { btn.click(); }, 0);
  }
  function pin(href) {
    document.querySelectorAll('.cds-card.cds-pinned').forEach(function (c) { c.classList.remove('cds-pinned'); });
    var card = document.getElementById(href.replace('cite-', 'card-'));
    if (!card) return;
    card.classList.add('cds-pinned');
    var side = document.querySelector('#side-tabs'), chat = document.querySelector('#chat');
    if (side && chat && side.getBoundingClientRect().top >= chat.getBoundingClientRect().bottom - 1) {
      card.scrollIntoView({block: 'center'});
      card.focus({preventScroll: true});
    }
  }
  function ask(question) {
    var box = document.querySelector('#question textarea, #question input');
    var btn = document.querySelector('#ask');
    if (!box || !btn) return;
    box.value = question;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(function () { btn.click(); }, 0);
  }
  document.addEventListener('click', function (e) {
    var t = e.target && e.target.closest ? e.target : null;
    if (!t) return;
    var suggestion = t.closest('button.cds-ask');
    if (suggestion) { e.preventDefault(); ask(suggestion.getAttribute('data-q') || ''); return; }
    var a = t.closest('a.cds-cite, a.cds-doc');
    if (!a) return;
    e.preventDefault(); e.stopPropagation();
    var href = (a.getAttribute('href') || '').slice(1);
    if (a.classList.contains('cds-cite')) pin(href);
    send(href);
  }, true);
  function place(wrap) {
    var pop = wrap.querySelector('.cds-pop');
    if (!pop) return;
    pop.style.left = '0px';
    var r = pop.getBoundingClientRect(), over = r.right - (document.documentElement.clientWidth - 8);
    if (over > 0) pop.style.left = (-Math.min(over, r.left - 8)) + 'px';
  }
  ['mouseover', 'focusin'].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var w = e.target && e.target.closest && e.target.closest('.cds-cite-wrap');
      if (w) place(w);
    });
  });
  ['mouseout', 'focusout'].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var w = e.target && e.target.closest && e.target.closest('.cds-cite-wrap');
      if (w && !w.contains(e.relatedTarget)) w.classList.remove('cds-pop-off');
    });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    document.querySelectorAll('.cds-cite-wrap').forEach(function (w) {
      if (w.matches(':hover') || w.matches(':focus-within')) w.classList.add('cds-pop-off');
    });
  });
  var said = {}, turns = 0, live = null;
  function watch() {
    if (!live) {
      live = document.createElement('div');
      live.id = 'cds-live'; live.className = 'cds-sr';
      live.setAttribute('role', 'status'); live.setAttribute('aria-live', 'polite');
      document.body.appendChild(live);
    }
    var all = document.querySelectorAll('#chat .cds-turn');
    if (all.length > turns && all.length) all[all.length - 1].scrollIntoView({block: 'nearest'});
    turns = all.length;
    var done = document.querySelectorAll('#chat .message.bot[data-final]');
    if (!done.length) { said = {}; return; }
    var last = done[done.length - 1];
    if (said[last.id]) return;
    said[last.id] = true;
    var text = last.querySelector('.cds-answer-text');
    live.textContent = 'Answer ' + last.id.split('-')[1] + ': ' + (text ? text.innerText : last.innerText);
  }
  function start() {
    watch();
    new MutationObserver(watch).observe(document.body, {childList: true, subtree: true});
  }
  // Gradio may add this script after the document has loaded.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
</script>"""

SCROLL_TO_FOCUS = """() => { setTimeout(() => { const m = document.querySelector('#document mark.cds-focus');
  if (m) m.scrollIntoView({block: 'center'}); }, 50); }"""
