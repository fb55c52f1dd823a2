"""Generating the document tree: folders, documents with their files and older versions, and
the comments on documents."""

from __future__ import annotations

import hashlib
import random
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from server.practice.generator.builder import (
    FirmBuilderBase,
    project,
    record_etag,
)
from server.practice.generator.demo_files import DEMO_EXTRA_FOLDERS, DemoFile, demo_content
from server.practice.generator.vocabulary import (
    TIMEKEEPERS,
)
from server.practice.kinds import (
    FOLDER_REF,
)


class DocumentsBuilder(FirmBuilderBase):
    """Folders, documents, their versions and files, and comments."""

    def folders(self) -> list[int]:
        """The folder tree: root, one folder per matter (up to the folder budget), subfolders.
        Returns the folder ids documents may go into. Matter bodies are written here, once
        their folder is known."""
        rng = self.rng
        budget = max(self.counts.folders, 1)
        next_id = 1
        root_stamp = self.stamp("folders", 1)
        root = {
            **root_stamp,
            "type": "Folder",
            "name": "Documents",
            "root": True,
            "locked": False,
            "deleted_at": None,
            "parent": None,
            "matter": None,
            "contact": None,
            "creator": self.creators[1],
        }
        self._write_folder(root, None)
        next_id += 1
        leaves: list[int] = [1]
        matter_count = len(self.matter_refs)
        per_matter = min(matter_count, max((budget - 1) // 4, 1))
        subfolder_names = ("Correspondence", "Pleadings", "Billing", "Évidence & exhibits")
        for matter_index in range(per_matter):
            if next_id > budget:
                break
            matter = self.matter_refs[matter_index]
            client = self.contact_refs[self.matter_client[matter_index]]
            name = f"{matter['display_number']} {client['name']}"
            folder_id = next_id
            next_id += 1
            self._write_folder(self._folder_body(folder_id, name, 1, matter, None), 1)
            self.matter_folder[matter["id"]] = folder_id
            leaves.append(folder_id)
            for sub in subfolder_names:
                if next_id > budget or rng.random() < 0.3:
                    continue
                sub_id = next_id
                next_id += 1
                self._write_folder(
                    self._folder_body(sub_id, sub, folder_id, matter, None), folder_id
                )
                leaves.append(sub_id)
        # the rest of the budget: folders below random existing ones (deeper trees)
        first_extra = next_id
        while next_id <= budget:
            parent = rng.choice(leaves)
            folder_id = next_id
            next_id += 1
            extra = folder_id - first_extra
            if self.demo and extra < len(DEMO_EXTRA_FOLDERS):
                parent = 1
                name = DEMO_EXTRA_FOLDERS[extra]
            else:
                name = f"Folder {folder_id:05d}"
            parent_matter, parent_contact = self.folder_context.get(parent, (None, None))
            self._write_folder(
                self._folder_body(folder_id, name, parent, parent_matter, parent_contact), parent
            )
            leaves.append(folder_id)
        for body in self.pending_matters:
            matter_folder_id = self.matter_folder.get(body["id"])
            body["folder"] = self.folder_refs[matter_folder_id] if matter_folder_id else None
            self.sink.record("matters", body)
        self.pending_matters = []
        return leaves

    def _folder_body(
        self,
        folder_id: int,
        name: str,
        parent_id: int,
        matter: dict[str, Any] | None,
        contact: dict[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            **self.stamp("folders", folder_id),
            "type": "Folder",
            "name": name,
            "root": False,
            "locked": False,
            "deleted_at": None,
            "parent": self.folder_refs[parent_id],
            "matter": matter,
            "contact": contact,
            "creator": self.creators[self.rng.choice(TIMEKEEPERS)],
        }

    def _write_folder(self, body: dict[str, Any], parent_id: int | None) -> None:
        self.sink.record("folders", body)
        self.sink.folder(body["id"], parent_id, body["name"])
        self.folder_refs[body["id"]] = project(body, FOLDER_REF)
        self.folder_context[body["id"]] = (body["matter"], body["contact"])

    def documents(self, leaves: list[int], demo_files: list[DemoFile] | None) -> None:
        rng = self.rng
        files_dir = self.state.db.files_dir
        categories = [
            {
                "id": i,
                "etag": record_etag("document_categories", i, "2023-01-01T00:00:00Z"),
                "name": name,
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for i, name in enumerate(("Correspondence", "Pleadings", "Contracts", "Evidence"), 1)
        ]
        self.firm_lists["document_categories"] = categories
        block = rng.randbytes(1 << 16) if demo_files is None else b""
        count = len(demo_files) if demo_files is not None else self.counts.documents
        for index in range(1, count + 1):
            if demo_files is not None:
                spec = demo_files[index - 1]
                folder_id = spec.folder_id if spec.folder_id in self.folder_refs else 1
                name, content_type, content = spec.name, spec.content_type, spec.content
                digest = hashlib.sha256(content).hexdigest()
                size = len(content)
                (files_dir / f"doc-{index}.bin").write_bytes(content)
            else:
                folder_id = rng.choice(leaves)
                name = f"Document {index:07d}.bin"
                content_type = "application/octet-stream"
                size, digest = _write_bench_file(
                    files_dir / f"doc-{index}.bin", index, block, self.document_bytes
                )
            matter, contact = self.folder_context.get(folder_id, (None, None))
            stamp = self.stamp("documents", index)
            version_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            older = self._older_versions(index, name, content_type, size, block, count, stamp)
            body = {
                **stamp,
                "type": "Document",
                "name": name,
                "filename": name,
                "size": size,
                "content_type": content_type,
                "locked": False,
                "received_at": stamp["created_at"],
                "deleted_at": None,
                "parent": self.folder_refs[folder_id],
                "matter": matter,
                "contact": contact,
                "document_category": rng.choice(categories),
                "creator": self.creators[rng.choice(TIMEKEEPERS)],
                "latest_document_version": {
                    "id": index,
                    # the content's SHA-256: also the ETag of the download
                    "etag": f'"{digest}"',
                    "uuid": version_uuid,
                    "document_id": index,
                    "filename": name,
                    "size": size,
                    "version_number": len(older) + 1,
                    "content_type": content_type,
                    "fully_uploaded": True,
                    "received_at": stamp["created_at"],
                    "created_at": stamp["created_at"],
                    "updated_at": stamp["updated_at"],
                },
            }
            self.sink.record("documents", body)
            self.document_versions.append(body["latest_document_version"])
            self.sink.file((index, folder_id, name, f"doc-{index}.bin", size, digest, content_type))
            for row in older:
                self.sink.version(row)

    def _older_versions(
        self,
        index: int,
        name: str,
        content_type: str,
        size: int,
        block: bytes,
        count: int,
        stamp: dict[str, Any],
    ) -> list[tuple[Any, ...]]:
        """The earlier versions of document ``index`` (rows of practice_document_versions),
        oldest first: in the demo every sixth document has two or three versions, in a bench
        firm one in two hundred has two (the 25th, the 225th...: a firm of a few dozen
        documents has one too). Each version has its own bytes; the versions' own random
        numbers leave the rest of the firm as it was."""
        if self.demo:
            if index % 6:
                return []
            versions = 3 if index % 12 == 0 else 2
        elif index % 200 == 25:
            versions = 2
        else:
            return []
        rng = random.Random(index * 7919 + 17)
        rows: list[tuple[Any, ...]] = []
        for number in range(1, versions):
            version_id = count + self.next_version_id
            self.next_version_id += 1
            path = f"version-{index}-{number}.bin"
            target = self.state.db.files_dir / path
            if self.demo:
                content = demo_content(rng, f"{name} (draft {number})", content_type, False)
                target.write_bytes(content)
                version_size, digest = len(content), hashlib.sha256(content).hexdigest()
            else:
                version_size, digest = _write_bench_file(
                    target, index + number * 10_000_019, block, max(1, size - number)
                )
            body = {
                "id": version_id,
                "etag": f'"{digest}"',
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "document_id": index,
                "filename": name,
                "size": version_size,
                "version_number": number,
                "content_type": content_type,
                "fully_uploaded": True,
                "received_at": stamp["created_at"],
                "created_at": stamp["created_at"],
                "updated_at": stamp["created_at"],
            }
            rows.append((version_id, index, number, path, digest, orjson.dumps(body).decode()))
        return rows

    def comments(self) -> None:
        """Remarks the firm's people leave on documents, each on the version it was about."""
        rng = self.rng
        remarks = (
            "Please check the dates in section 2.",
            "Client approved this version by phone.",
            "Signed original is in the safe.",
            "Opposing counsel has a copy.",
            "Use this one for the hearing binder.",
        )
        for index in range(1, (self.counts.comments if self.document_versions else 0) + 1):
            version = self.document_versions[rng.randrange(len(self.document_versions))]
            created = datetime.fromisoformat(version["created_at"].removesuffix("Z"))
            body = {
                **self.stamp("comments", index, not_before=created),
                "message": rng.choice(remarks),
                "creator": self.user_refs[rng.choice(TIMEKEEPERS)],
                "document_version": version,
            }
            self.sink.record("comments", body)


def _write_bench_file(path: Path, index: int, block: bytes, size: int) -> tuple[int, str]:
    """`size` bytes, different for every document, made fast from one random block."""
    digest = hashlib.sha256()
    shift = (index * 7919) % len(block)
    rotated = block[shift:] + block[:shift]
    header = f"document {index}\n".encode()
    with path.open("wb") as out:
        remaining = size
        first = header[:remaining]
        out.write(first)
        digest.update(first)
        remaining -= len(first)
        while remaining > 0:
            chunk = rotated[: min(remaining, len(rotated))]
            out.write(chunk)
            digest.update(chunk)
            remaining -= len(chunk)
    return size, digest.hexdigest()
