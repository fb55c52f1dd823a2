"""Generating what was said: notes, communications, and conversations with their messages
(each message also a record of its own, with its sender and receivers)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from server.practice.generator.builder import (
    LAST_MOMENT,
    FirmBuilderBase,
    instant,
    project,
    record_etag,
)
from server.practice.generator.vocabulary import (
    NOTE_SUBJECTS,
    TIMEKEEPERS,
)
from server.practice.kinds import CONVERSATION_REF


class CorrespondenceBuilder(FirmBuilderBase):
    """Notes, communications and conversations."""

    def notes(self) -> None:
        rng = self.rng
        for index in range(1, self.counts.notes + 1):
            on_matter = index % 3 != 0
            matter = contact = None
            if on_matter:
                matter_index = rng.randrange(len(self.matter_refs))
                matter = self.matter_refs[matter_index]
                stamp = self.stamp("notes", index, not_before=self.matter_open[matter_index])
            else:
                contact = rng.choice(self.contact_refs)
                stamp = self.stamp("notes", index)
            subject = rng.choice(NOTE_SUBJECTS)
            body = {
                **stamp,
                "type": "Matter" if on_matter else "Contact",
                "subject": subject,
                "detail": f"{subject}. "
                + rng.choice(
                    (
                        "Client prefers email; do not call before 10 a.m.",
                        "Discussed next steps and the fee estimate.",
                        "Follow up in two weeks.",
                        "Original documents returned to the client.",
                    )
                ),
                "detail_text_type": "plain_text",
                "date": stamp["created_at"][:10],
                "time_entries_count": 0,
                "matter": matter,
                "contact": contact,
                "author": self.user_refs[rng.choice(TIMEKEEPERS)],
            }
            self.sink.record("notes", body, sub=body["type"])

    def communications(self) -> None:
        rng = self.rng
        for index in range(1, self.counts.communications + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            stamp = self.stamp("communications", index, not_before=self.matter_open[matter_index])
            user_id = rng.choice(TIMEKEEPERS)
            client = self.contact_participants[self.matter_client[matter_index]]
            email = rng.random() < 0.7
            outgoing = rng.random() < 0.5
            user = self.participants[user_id]
            subject = rng.choice(
                ("Re: next steps", "Documents for signature", "Hearing date confirmed",
                 "Invoice question", "Call summary")
            )  # fmt: skip
            body = {
                **stamp,
                "type": "EmailCommunication" if email else "PhoneCommunication",
                "subject": subject,
                "body": f"{subject}\n\nThank you for your message. We will be in touch shortly.",
                "date": stamp["created_at"][:10],
                "received_at": stamp["created_at"],
                "time_entries_count": 0,
                "matter": self.matter_refs[matter_index],
                "user": self.user_refs[user_id],
                "senders": [user if outgoing else client],
                "receivers": [client if outgoing else user],
            }
            self.sink.record("communications", body)

    def conversations(self) -> None:
        """Secure conversations with clients about their matters, each with its messages."""
        rng = self.rng
        subjects = (
            "Documents you asked for", "Questions about the draft", "Next hearing date",
            "Signed copy attached", "Invoice question", "Update on your file",
        )  # fmt: skip
        lines = (
            "Thank you, I have read it and have two questions.",
            "Please find the signed copy attached.",
            "The hearing is confirmed; we will meet at the courthouse at 9:30.",
            "Could you send the bank statements for last year?",
            "Received, thank you. We will review it this week.",
            "Is there anything else you need from me?",
        )
        message_id = 0
        sizes = self._bench_conversation_sizes()
        for index in range(1, self.counts.conversations + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            when = self.moment(self.matter_open[matter_index])
            client = self.contact_participants[self.matter_client[matter_index]]
            lawyer = self.participants[TIMEKEEPERS[index % len(TIMEKEEPERS)]]
            messages: list[dict[str, Any]] = []
            senders: list[dict[str, Any]] = []
            size = rng.randrange(2, 7) if sizes is None else sizes[index - 1]
            for number in range(size):
                message_id += 1
                when = min(when + timedelta(hours=rng.randrange(1, 96)), LAST_MOMENT)
                at = instant(when)
                messages.append(
                    {
                        "id": message_id,
                        "etag": record_etag("conversation_messages", message_id, at),
                        "date": at[:10],
                        "body": rng.choice(lines),
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                # the client opens the conversation; then the firm and the client take turns
                senders.append(client if number % 2 == 0 else lawyer)
            created = datetime.fromisoformat(messages[0]["created_at"].removesuffix("Z"))
            stamp = self.stamp("conversations", index, not_before=created)
            updated_at = max(stamp["updated_at"], messages[-1]["updated_at"])
            body = {
                **stamp,
                "etag": record_etag("conversations", index, updated_at),
                "created_at": messages[0]["created_at"],
                "updated_at": updated_at,
                "subject": rng.choice(subjects),
                "archived": rng.random() < 0.2,
                "read_only": False,
                "current_user_is_member": True,
                "read": rng.random() < 0.8,
                "message_count": len(messages),
                "time_entries_count": 0,
                "matter": self.matter_refs[matter_index],
                "first_message": messages[0],
                "last_message": messages[-1],
                "messages": messages,
            }
            self.sink.record("conversations", body)
            conversation = project(body, CONVERSATION_REF)
            for message, sender in zip(messages, senders, strict=True):
                receiver = lawyer if sender is client else client
                self.sink.record(
                    "conversation_messages",
                    {
                        **message,
                        "sender": sender,
                        "receivers": [receiver],
                        "document": None,
                        "conversation": conversation,
                    },
                )

    def _bench_conversation_sizes(self) -> list[int] | None:
        """How many messages each conversation of a bench firm has: its number of messages
        spread evenly (one at least each). None for the demo: two to six each, at random."""
        conversations = self.counts.conversations
        wanted = self.counts.conversation_messages
        if wanted is None:
            return None
        if conversations == 0:
            return []
        wanted = max(wanted, conversations)
        return [
            wanted // conversations + (1 if index < wanted % conversations else 0)
            for index in range(conversations)
        ]
