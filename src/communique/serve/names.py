"""Actor ids → display names, for everything in serve/ that shows actors to people."""
from __future__ import annotations


class ActorNames:
    """name(actor_id) -> the actor's name (the id itself when unknown, "" for none), each id
    looked up once: a page or a table names the same actors many times."""

    def __init__(self, store):
        self.store, self.cache = store, {}

    def __call__(self, actor_id: str | None) -> str:
        if not actor_id:
            return ""
        if actor_id not in self.cache:
            actor = self.store.actor(actor_id)
            self.cache[actor_id] = actor.name if actor else actor_id
        return self.cache[actor_id]
