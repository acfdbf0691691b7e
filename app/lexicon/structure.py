"""Words about the structure of a document rather than its clinical content: headings that make no
question ("Change history"), and words that open a sentence that reports nothing ("Please check …").
Used to phrase suggested questions (app/answer/suggestions.py). Plain lower case."""

STRUCTURAL_HEADINGS = frozenset({
    "introduction", "contents", "table of contents", "change history", "version history", "version control",
    "document control", "document information", "references", "reference", "bibliography", "appendix",
    "appendices", "abbreviations", "glossary", "definitions", "acknowledgements", "acknowledgments",
    "disclaimer", "purpose", "scope", "summary", "overview", "background", "authors", "contributors",
    "contact", "contact details", "review date", "approval", "consultation", "equality impact assessment",
    "monitoring", "audit", "further information", "useful links", "keywords", "abstract", "funding",
    "conflicts of interest", "declaration of interests", "key points", "notes",
})

# A statement whose subject starts with one of these is an instruction or a connective, not a finding.
NON_SUBJECT_STARTS = frozenset({
    "please", "check", "see", "note", "if", "when", "where", "whether", "while", "hence", "thus", "therefore",
    "however", "also", "and", "but", "or", "so", "because", "as", "this", "that", "these", "those", "it", "there",
    "they", "we", "you", "he", "she", "which", "what", "who", "how", "why", "all", "any", "each", "some",
})

# Words that point at a reference or ask what it is, not what it found: "what's ref 4 in the note?",
# "what does [4] refer to?", "where was ref 1 published?", "ref 4's title?".
POINTING_WORDS = frozenset({
    "ref", "refs", "reference", "references", "citation", "citations", "source", "sources", "note", "document",
    "doc", "list", "listed", "number", "entry", "refer", "refers", "point", "points", "mean", "means", "stand",
    "paper", "article", "publication", "published", "publish", "journal", "title", "titled", "author", "authors",
    "link", "url", "domain", "website", "doi", "pmid", "cite", "cited", "citing", "misspelled", "misspelt", "typo",
})
