"""Knowledge about actors: states, organisations and office-holders with dated roles."""
from .kb import (
    KINDS,
    ROLE_KEYS,
    SECTORS,
    ActorRecord,
    KnowledgeBase,
    KnowledgeError,
    Role,
    default_kb,
    load_user_file,
    normalise,
    save_user_records,
    user_files,
)

__all__ = [
    "KINDS", "ROLE_KEYS", "SECTORS", "ActorRecord", "KnowledgeBase", "KnowledgeError", "Role", "default_kb",
    "load_user_file", "normalise", "save_user_records", "user_files",
]
