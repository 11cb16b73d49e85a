"""Reads a Word document with python-docx and prints what a business letter's file must say
about itself, as JSON: its language, page size, font, and properties (author, created)."""
import json
import sys

import docx
from docx.oxml.ns import qn


def main(path):
    document = docx.Document(path)
    props = document.core_properties
    section = document.sections[0]
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run.find(qn("w:lang"))
    fonts = run.find(qn("w:rFonts"))
    size = run.find(qn("w:sz"))
    print(json.dumps({
        "language": lang.get(qn("w:val")) if lang is not None else None,
        "core_language": props.language,
        "author": props.author,
        "created": props.created.isoformat() if props.created else None,
        "title": props.title,
        "page_width_mm": round(section.page_width.mm),
        "page_height_mm": round(section.page_height.mm),
        "font": fonts.get(qn("w:ascii")) if fonts is not None else None,
        "size_pt": int(size.get(qn("w:val"))) / 2 if size is not None else None,
        "paragraphs": [p.text for p in document.paragraphs],
    }))


if __name__ == "__main__":
    main(sys.argv[1])
