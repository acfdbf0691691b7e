"""Clinical abbreviations, synonyms and drug-name normalisation.

Used to expand queries for lexical retrieval and to match question terms against evidence
("without prior radiotherapy" must find "No Prior XRT"). Phrases are written in plain lower case;
they are matched after the same normalisation as the text (see app.text.lexical.normalize).
"""

from __future__ import annotations

SYNONYM_GROUPS: list[list[str]] = [
    ["ic-orr", "intracranial objective response rate", "intracranial response rate", "intracranial orr",
     "cns response rate", "cns orr", "intracranial response", "cns objective response rate"],
    ["orr", "objective response rate", "overall response rate", "response rate"],
    ["pfs", "progression-free survival", "progression free survival"],
    ["time to cns progression", "time to intracranial progression", "cns progression", "intracranial progression",
     "time to brain progression", "cns progression risk"],
    ["os", "overall survival"],
    ["death", "deaths", "mortality", "died", "dying"],
    ["cns", "central nervous system", "intracranial", "brain"],
    ["brain metastases", "cns metastases", "brain mets", "cns mets", "intracranial metastases",
     "brain metastasis", "cns metastasis", "brain lesions", "cns disease", "cns lesions", "intracranial lesions"],
    ["lm", "leptomeningeal metastasis", "leptomeningeal metastases", "leptomeningeal disease",
     "leptomeningeal carcinomatosis"],
    ["xrt", "radiotherapy", "radiation therapy", "radiation", "irradiation", "irradiated", "rt"],
    ["prior", "previous", "previously", "pretreated", "earlier"],
    ["p-gp", "p-glycoprotein", "pgp", "mdr1", "abcb1", "efflux pump"],
    ["tki", "tyrosine kinase inhibitor", "tyrosine kinase inhibitors", "tkis"],
    ["hr", "hazard ratio"],
    ["ci", "confidence interval"],
    ["bbb", "blood-brain barrier", "blood brain barrier"],
    ["nsclc", "non-small cell lung cancer", "non-small-cell lung cancer", "non small cell lung cancer"],
    ["alk", "anaplastic lymphoma kinase"],
    ["alk-positive", "alk+", "alk positive", "alk-rearranged"],
    ["irc", "independent review committee", "independent review"],
    ["rwe", "real-world evidence", "real world evidence"],
    ["rwpfs", "real-world pfs", "real-world progression-free survival"],
    ["rwipfs", "real-world intracranial pfs", "real-world intracranial progression-free survival"],
    ["iptw", "inverse probability of treatment weighting", "propensity weighting"],
    ["recist", "response evaluation criteria in solid tumors"],
    ["rano-bm", "response assessment in neuro-oncology brain metastases", "rano"],
    ["mri", "magnetic resonance imaging"],
    ["ct", "computed tomography"],
    ["cat. no.", "catalog number", "catalogue number", "cat no", "catalog no", "catalogue no"],
    ["cas no.", "cas number", "cas registry number", "cas"],
    ["treatment-naive", "tki-naive", "treatment naive", "tki naive", "untreated", "previously untreated",
     "first-line", "first line", "naive"],
    ["crizotinib-resistant", "crizotinib resistant", "post-crizotinib", "after crizotinib",
     "progressed on crizotinib", "crizotinib-pretreated", "crizotinib pretreated"],
    ["ruo", "research use only"],
    ["rct", "randomized controlled trial", "randomised controlled trial", "randomized trial", "randomised trial"],
    ["dor", "duration of response"],
    ["aes", "adverse events", "adverse event", "side effects", "toxicity"],
    ["mets", "metastases", "metastasis", "metastatic"],
    ["country", "nation"],
    ["rise", "rises", "rising", "climb", "climbs", "increase", "increases", "grow", "grows"],
    ["systemic", "extracranial", "whole-body", "body-wide"],
    ["sites", "site", "centres", "centers", "centre", "center", "institutions", "hospitals"],
    ["enrolled", "included", "recruited", "randomized", "randomised", "enrollment", "enrolment"],
    ["nct", "nct number", "clinicaltrials.gov", "clinicaltrials.gov identifier", "trial registration",
     "registration number", "trial identifier", "registry number", "trial id"],
    ["p value", "p-value", "statistically significant", "statistical significance", "significance",
     "significant", "significantly"],
    ["author", "authors", "wrote", "written by", "writer", "authored"],
    ["date", "dated", "published", "publication date", "release date"],
    ["imaging", "imaging modality", "modality", "scan", "scans", "mri", "ct"],
]

# Brand names and development codes -> generic name.
DRUG_NAMES: dict[str, str] = {
    "alecensa": "alectinib", "ch5424802": "alectinib", "rg7853": "alectinib", "af802": "alectinib",
    "xalkori": "crizotinib", "pf-02341066": "crizotinib",
    "zykadia": "ceritinib", "ldk378": "ceritinib",
    "alunbrig": "brigatinib", "ap26113": "brigatinib",
    "lorbrena": "lorlatinib", "lorviqua": "lorlatinib", "pf-06463922": "lorlatinib",
    "ensacove": "ensartinib",
}

# Words that carry negation for qualifiers such as "No Prior XRT".
NEGATIONS = {"no", "not", "without", "non", "never", "none", "absent", "free"}
# Phrasings that negate prior radiotherapy without a negation word.
NEGATED_PHRASES = r"\b(?:radiation|radiotherapy|xrt|rt)[- ]naive\b|\b(?:un|non-?)irradiated\b"
# Drug names: a question about a drug the documents never mention is not answered by another drug.
DRUG_NAME = r"^[a-z]+(?:tinib|rafenib|ciclib|parib|lisib|zomib|mab|platin|taxel)$"

# Answer types: a question word that an entity of its type in the evidence satisfies
# ("In which country ..." is answered by "... in China").
_COUNTRIES = (
    "china|japan|korea|taiwan|india|singapore|thailand|vietnam|malaysia|indonesia|philippines|australia|"
    "new zealand|united states|usa|u\\.s\\.|america|canada|mexico|brazil|argentina|chile|colombia|"
    "united kingdom|uk|england|scotland|ireland|france|germany|italy|spain|portugal|netherlands|belgium|"
    "switzerland|austria|sweden|norway|denmark|finland|poland|czech republic|hungary|greece|turkey|"
    "israel|egypt|south africa|nigeria|kenya|russia|ukraine|saudi arabia|iran|pakistan|europe|asia|africa"
)
ANSWER_TYPES: dict[str, str] = {
    "countri": rf"\b(?:{_COUNTRIES})\b",
    "nation": rf"\b(?:{_COUNTRIES})\b",
    "where": rf"\b(?:{_COUNTRIES}|sites?|centers?|centres?|hospitals?)\b",
    "year": r"\b(?:19|20)\d\d\b",
    "when": r"\b(?:19|20)\d\d\b|\b(?:weeks?|months?|days?|baseline)\b",
    "date": r"\b(?:19|20)\d\d\b",
    "percentag": r"\d%",
    "#rate": r"\d\s?%",
    "percent": r"\d%",
    "proport": r"\d%",
    "dose": r"\b\d+(?:\.\d+)?\s?(?:mg|g|mcg|µg)\b",
    "dosag": r"\b\d+(?:\.\d+)?\s?(?:mg|g|mcg|µg)\b",
    # A count is a whole number: not a year, not a digit of a decimal ("P < 0.0001") or a percentage.
    "#count": r"(?<![\w.,-])(?!(?:19|20)\d\d\b)\d+(?![\d.,]*\d)(?!\s?%)\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
    "often": r"\bevery\s+\d+|\b(?:daily|weekly|monthly|once|twice|hourly)\b|\btimes (?:a|per)\b|\bper (?:day|week|month)\b",
    "frequent": r"\bevery\s+\d+|\b(?:daily|weekly|monthly|once|twice)\b|\btimes (?:a|per)\b",
    "who": r"\b(?:author|team|committee|investigators?|group|[A-Z][a-z]+ (?:et al|and colleagues))\b",
}

# A question that asks for one of these measures is answered only by evidence that states a value
# of it: a P value does not answer "what was the hazard ratio".
MEASURES: dict[str, tuple[str, str]] = {
    "hazard ratio": (r"\bhazard ratios?\b|\bHRs?\b", r"\bHR\b\W{0,3}(?:of|was|=|:)?\s*\d|\bhazard ratio\b[^.;\t|]{0,25}\d"),
    "confidence interval": (r"\bconfidence intervals?\b|\bCIs?\b", r"\bCI\b[^.;\t|]{0,12}\d|\bconfidence interval\b[^.;]{0,25}\d"),
    "p value": (r"\bp[- ]?values?\b|\bsignifican", r"\b[Pp]\s*[<=>≤≥]\s*0?\.\d|\bsignifican"),
    "dose": (r"\bdos(?:e|es|ing|age)\b", r"\b\d+(?:\.\d+)?\s?(?:mg|g|mcg|µg|mg/m2)\b"),
    "median": (r"\bmedian\b", r"\bmedian\b[^.;]{0,40}\d"),
    # A response rate is a percentage; asked how it was assessed or defined, it is not a value.
    "response rate": (r"^(?!.*\b(?:assess|measur|defin|evaluat|criteri|determin|endpoint)\w*).*"
                      r"(?:\bresponse rates?\b|(?<![\w-])(?:ic-|cns )?orrs?\b)", r"\d\s?%"),
}

# Concepts that narrow a question to one endpoint or population: evidence that does not mention
# one the question names answers a different question ("systemic ORR" is not the intracranial one,
# "the HR for death" is not the PFS hazard ratio, leptomeningeal patients are not crizotinib-resistant).
CRITICAL_CONCEPTS = {"os", "death", "systemic", "lm", "xrt", "dor", "aes", "pfs", "rwpfs", "rwipfs"}

# Cell values that mean "not reported".
NOT_REPORTED = {"n/a", "na", "nr", "not reported", "not available", "not applicable", "-", "—", "–", "", "nd", "ne"}
