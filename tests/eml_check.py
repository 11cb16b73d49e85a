#!/usr/bin/env python3
"""Reads an .eml written by `followup draft --format eml` with Python's own `email` package and
prints what a mail client would see, as JSON: the decoded headers, the text, the attachments.

Usage: eml_check.py MESSAGE.eml
"""
import email
import email.policy
import json
import sys
import zipfile
import io


def main():
    with open(sys.argv[1], "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    if message.defects:
        sys.exit(f"defects: {message.defects}")
    out = {name: str(message[name]) for name in ("From", "To", "Subject", "Message-ID", "Date", "MIME-Version")}
    body = message.get_body(preferencelist=("plain",))
    out["text"] = body.get_content() if body else None
    out["attachments"] = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True)
        entry = {"filename": part.get_filename(), "type": part.get_content_type(), "size": len(data)}
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            entry["document_xml"] = "word/document.xml" in docx.namelist()
        out["attachments"].append(entry)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
