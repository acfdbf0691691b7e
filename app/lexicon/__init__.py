"""Domain knowledge as data: synonyms, abbreviations and drug names, loaded at run time."""
