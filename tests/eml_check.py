#!/usr/bin/env python3
"""Reads an .eml written by `followup draft --format eml` with Python's own `email` package and
prints what a mail client would see, as JSON: the decoded headers, the text, the attachments.

Usage: eml_check.py MESSAGE.eml   -> one JSON object
       eml_check.py DIR           -> a JSON list, one object per DIR/*.eml in file name order
                                     (as stored by smtp_server.py), each with `envelope` (the
                                     sidecar .json) and `file` (the .eml's name) added
"""
import email
import email.policy
import hashlib
import io
import json
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check(path):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    if message.defects:
        sys.exit(f"{path}: defects: {message.defects}")
    # str() of an absent header gives "None"; kept for these keys, which draft.rs already reads.
    out = {name: str(message[name]) for name in ("From", "To", "Subject", "Message-ID", "Date", "MIME-Version")}
    for name in ("Cc", "Reply-To", "In-Reply-To", "References"):
        out[name] = str(message[name]) if name in message else None
    body = message.get_body(preferencelist=("plain",))
    out["text"] = body.get_content() if body else None
    out["attachments"] = [attachment(part) for part in message.iter_attachments()]
    return out


def attachment(part):
    data = part.get_payload(decode=True)
    entry = {"filename": part.get_filename(), "type": part.get_content_type(), "size": len(data),
             "sha256": hashlib.sha256(data).hexdigest(), "document_xml": False}
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return entry
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        if "word/document.xml" in docx.namelist():
            entry["document_xml"] = True
            entry["docx_text"] = docx_text(docx.read("word/document.xml"))
    return entry


def docx_text(document_xml):
    root = ET.fromstring(document_xml)
    return "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p"))


def check_dir(path):
    out = []
    # The names start with a fixed-width timestamp, so name order is arrival order.
    for name in sorted(n for n in os.listdir(path) if n.endswith(".eml")):
        entry = check(os.path.join(path, name))
        with open(os.path.join(path, name[: -len(".eml")] + ".json"), encoding="utf-8") as f:
            entry["envelope"] = json.load(f)
        entry["file"] = name
        out.append(entry)
    return out


def main():
    path = sys.argv[1]
    out = check_dir(path) if os.path.isdir(path) else check(path)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
