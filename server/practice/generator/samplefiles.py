"""Small but valid sample files (PDF, DOCX, PNG, plain text) for the demo firm's documents, so an
export of the demo can be opened in ordinary programs."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

# A fixed timestamp inside the DOCX zip keeps the bytes (and so the hashes) deterministic.
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)


def _pdf_text(text: str) -> str:
    # Type1 base fonts speak Latin-1; anything else becomes "?" rather than breaking the file.
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF 1.4 with the title and the lines in Helvetica, with a correct xref table."""
    content_lines = ["BT", "/F1 16 Tf", "18 TL", "72 740 Td", f"({_pdf_text(title)}) Tj", "T*"]
    content_lines.append("/F1 11 Tf")
    for line in lines:
        content_lines.append(f"({_pdf_text(line)}) '")
    content_lines.append("ET")
    stream = "\n".join(content_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref_at = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    out.write(trailer.encode())
    return out.getvalue()


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_docx(title: str, paragraphs: list[str]) -> bytes:
    """A minimal WordprocessingML package: content types, package relationships, document."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    body = [f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{_xml_escape(title)}</w:t></w:r></w:p>"]
    body += [
        f'<w:p><w:r><w:t xml:space="preserve">{_xml_escape(p)}</w:t></w:r></w:p>'
        for p in paragraphs
    ]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body>" + "".join(body) + "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in (
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", rels),
            ("word/document.xml", document),
        ):
            package.writestr(zipfile.ZipInfo(name, _ZIP_TIME), text.encode("utf-8"))
    return out.getvalue()


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + tag
        + data
        + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    )


def make_png(rng: random.Random, width: int, height: int, noisy: bool) -> bytes:
    """An 8-bit RGB PNG: a colour gradient, or film-grain noise (which does not compress, so a
    few of these give the demo its megabytes)."""
    base = [rng.randrange(256) for _ in range(3)]
    rows = []
    for y in range(height):
        if noisy:
            rows.append(b"\x00" + rng.randbytes(width * 3))
        else:
            row = bytearray(b"\x00")
            for x in range(width):
                row += bytes(((base[0] + x) % 256, (base[1] + y) % 256, (base[2] + x + y) % 256))
            rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + _png_chunk(b"IEND", b"")
    )


def make_text(title: str, paragraphs: list[str]) -> bytes:
    return (title + "\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")
