"""The core's ports: what it needs from the outside, as Protocols and errors.

``messaging``: the ``Notifier`` that posts into Teams and the ``Renderer`` that makes the cards;
``uow`` and ``repositories``: persistence, one unit of work per use case; ``clock``: time;
``publishing``: the ``PublishTarget`` documents and list rows go to (Microsoft Graph or the local
folder); and the store's refusals the core can act on (``WriteConflict``, ``DuplicateKey``).
"""

from governance.ports.clock import Clock
from governance.ports.errors import DuplicateKey, WriteConflict
from governance.ports.messaging import (
    Card,
    ConversationGone,
    Notifier,
    PostFailed,
    Renderer,
    RosterEntry,
)
from governance.ports.publishing import PublishTarget
from governance.ports.uow import UnitOfWork

__all__ = [
    "Card",
    "Clock",
    "ConversationGone",
    "DuplicateKey",
    "Notifier",
    "PostFailed",
    "PublishTarget",
    "Renderer",
    "RosterEntry",
    "UnitOfWork",
    "WriteConflict",
]
