import html, re, sys
import xml.etree.ElementTree as ET
def txt(el):
    if el is None: return ""
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()
def esc(s): return html.escape(s, quote=False)
DEF=dict(attrs='xml',editors=1,collab='full',jsrc='title',jfmt=0,tablediv=1,toc=1,gloss=1,perm='txt',foot='p',thead='bold',supp='labcap',refs='txt',figfmt='bold',absh='type',ack=1,listfmt='ul')
class R:
    def __init__(s,o): s.out=[]; s.o=o
    def w(s,x): s.out.append(x)
    def block(s, el, level):
        o=s.o; tag = el.tag
        if tag == "sec":
            t = el.find("title")
            if t is not None and txt(t):
                s.w(f"<h{min(level, 6)}>{esc(txt(t))}</h{min(level, 6)}>")
            for ch in el:
                if ch.tag != "title": s.block(ch, level + 1)
        elif tag == "p":
            blocks = [c for c in el if c.tag in ("list", "table-wrap", "fig", "disp-formula", "disp-quote")]
            if not blocks:
                x = txt(el)
                if x: s.w(f"<p>{esc(x)}</p>")
            else:
                buf = [el.text or ""]
                for c in el:
                    if c in blocks:
                        x = re.sub(r"\s+", " ", "".join(buf)).strip()
                        if x: s.w(f"<p>{esc(x)}</p>")
                        buf = []; s.block(c, level); buf.append(c.tail or "")
                    else:
                        buf.append("".join(c.itertext())); buf.append(c.tail or "")
                x = re.sub(r"\s+", " ", "".join(buf)).strip()
                if x: s.w(f"<p>{esc(x)}</p>")
        elif tag == "list":
            s.w("<ul>")
            for it in el.findall("list-item"): s.w(f"<li>{esc(txt(it))}</li>")
            s.w("</ul>")
        elif tag == "table-wrap":
            lab, cap = txt(el.find("label")), el.find("caption")
            if o['tablediv']: s.w("<div class=\"table-wrap\">")
            head = " ".join(x for x in [lab, txt(cap.find("title")) if cap is not None else ""] if x)
            if head:
                if o['thead']=='bold': s.w(f"<p><b>{esc(head)}</b></p>")
                else: s.w(f"<p>{esc(head)}</p>")
            if cap is not None:
                for p in cap.findall("p"): s.w(f"<p>{esc(txt(p))}</p>")
            for tb in el.iter("table"):
                s.w("<table>")
                for tr in tb.iter("tr"):
                    cells = []
                    for c in tr:
                        if c.tag in ("td", "th"):
                            if o['attrs']=='xml': attrs = "".join(f' {a}="{c.get(a)}"' for a in ("colspan", "rowspan") if c.get(a))
                            elif o['attrs']=='non1': attrs = "".join(f' {a}="{c.get(a)}"' for a in ("colspan", "rowspan") if c.get(a) and c.get(a)!='1')
                            else: attrs=''
                            cells.append(f"<{c.tag}{attrs}>{esc(txt(c))}</{c.tag}>")
                    s.w("<tr>" + "".join(cells) + "</tr>")
                s.w("</table>")
            for fn in el.findall("table-wrap-foot"):
                if o['foot']=='p':
                    for ch in fn.iter():
                        if ch.tag == "p": s.w(f"<p><small>{esc(txt(ch))}</small></p>")
                elif o['foot']=='plain':
                    for ch in fn.iter():
                        if ch.tag == "p": s.w(f"<p>{esc(txt(ch))}</p>")
                elif o['foot']=='fn':
                    for ch in fn.iter():
                        if ch.tag == "fn": s.w(f"<p><small>{esc(txt(ch))}</small></p>")
                else:
                    s.w(f"<p><small>{esc(txt(fn))}</small></p>")
            if o['tablediv']: s.w("</div>")
        elif tag == "fig":
            lab, cap = txt(el.find("label")), el.find("caption")
            t = txt(cap.find("title")) if cap is not None else ""
            if o['figfmt']=='bold': s.w(f"<p><b>{esc(' '.join(x for x in [lab, t] if x))}</b></p>")
            else: s.w(f"<p>{esc(' '.join(x for x in [lab, t] if x))}</p>")
            if cap is not None:
                for p in cap.findall("p"): s.w(f"<p>{esc(txt(p))}</p>")
        elif tag == "supplementary-material":
            lab = txt(el.find("label")); cap = el.find("caption")
            x = " ".join(x for x in [lab, txt(cap) if cap is not None else ""] if x)
            if x: s.w(f"<p>{esc(x)}</p>")
        elif tag in ("disp-formula", "disp-quote", "boxed-text"):
            x = txt(el)
            if x: s.w(f"<p>{esc(x)}</p>")
        elif tag == "title": pass
        else:
            for ch in el: s.block(ch, level)
def render(src,o):
    root = ET.parse(src).getroot() if isinstance(src,str) else src
    meta = root.find("front/article-meta"); jmeta = root.find("front/journal-meta")
    title = txt(meta.find("title-group/article-title"))
    r = R(o)
    r.w("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    r.w(f"<title>{esc(title)}</title></head><body>")
    r.w(f"<h1>{esc(title)}</h1>")
    names = []
    for c in meta.findall("contrib-group/contrib"):
        if not o['editors'] and c.get('contrib-type')!='author': continue
        n = c.find("name")
        if n is not None:
            names.append(" ".join(x for x in [txt(n.find("given-names")), txt(n.find("surname"))] if x))
        elif c.find("collab") is not None:
            cl=c.find('collab')
            names.append(txt(cl) if o['collab']=='full' else re.sub(r"\s+"," ",cl.text or "").strip())
    r.w(f"<p>{esc(', '.join(names))}</p>")
    jt = txt(jmeta.find(".//journal-title"))
    if not jt and o['jsrc']=='nlm': jt=txt(jmeta.find("journal-id[@journal-id-type='nlm-ta']"))
    year = txt(meta.find("pub-date/year"))
    doi = txt(meta.find("article-id[@pub-id-type='doi']"))
    vol, eloc = txt(meta.find("volume")), txt(meta.find("elocation-id"))
    J=[f"{esc(jt)} {esc(year)}; {esc(vol)}: {esc(eloc)}. doi: {esc(doi)}", f"{esc(jt)} {esc(year)}. doi: {esc(doi)}", f"{esc(jt)}, {esc(year)}. doi:{esc(doi)}", f"{esc(jt)} ({esc(year)}). doi:{esc(doi)}", f"{esc(jt)}, {esc(year)}. doi: {esc(doi)}", f"{esc(jt)} {esc(year)}. doi:{esc(doi)}",f"{esc(jt)} ({esc(year)}) doi:{esc(doi)}",f"{esc(jt)}, {esc(year)}, doi:{esc(doi)}",f"{esc(jt)} {esc(year)}, doi: {esc(doi)}",f"{esc(jt)} · {esc(year)} · doi:{esc(doi)}",f"{esc(jt)} {esc(year)} doi:{esc(doi)}", f"{esc(jt)}, {esc(year)}, doi: {esc(doi)}",f"{esc(jt)} ({esc(year)}). doi: {esc(doi)}", f"{esc(jt)} {esc(year)}. DOI: {esc(doi)}", f"{esc(jt)} {esc(year)}; doi:{esc(doi)}", f"{esc(jt)} {esc(year)}; doi: {esc(doi)}"]
    r.w(f"<p>{J[o['jfmt']]}</p>")
    perm = meta.find("permissions")
    if perm is not None:
        if o['perm']=='txt': r.w(f"<p>{esc(txt(perm))}</p>")
        elif o['perm']=='lic': r.w(f"<p>{esc(txt(perm.find('license')))}</p>")
        elif o['perm']=='join': r.w(f"<p>{esc(' '.join(txt(c) for c in perm))}</p>")
    for ab in meta.findall("abstract"):
        at = ab.get("abstract-type")
        if at=='toc' and not o['toc']: continue
        if o['absh']=='type': h=txt(ab.find('title')) or ('Abstract' if not at else at)
        else: h=txt(ab.find('title')) or 'Abstract'
        r.w(f"<h2>{esc(h)}</h2>")
        for ch in ab: r.block(ch, 3)
    for ch in root.find("body"): r.block(ch, 2)
    back = root.find("back")
    if back is not None:
        for ch in back:
            if ch.tag == "ack":
                r.w("<h2>Acknowledgments</h2>")
                for c in ch: r.block(c, 3)
            elif ch.tag == "ref-list":
                r.w("<h2>References</h2><ol>")
                for ref in ch.findall("ref"):
                    if o['refs']=='txt': r.w(f"<li>{esc(txt(ref))}</li>")
                    else:
                        cit=[c for c in ref if c.tag!='label']
                        r.w(f"<li>{esc(' '.join(txt(c) for c in cit))}</li>")
                r.w("</ol>")
            elif ch.tag=='glossary' and not o['gloss']: pass
            else: r.block(ch, 2)
    r.w("</body></html>")
    return "\n".join(r.out) + "\n"
if __name__=='__main__':
    import json
    o=dict(DEF); o.update(json.loads(sys.argv[3]) if len(sys.argv)>3 else {})
    open(sys.argv[2],'w',encoding='utf-8').write(render(sys.argv[1],o))
