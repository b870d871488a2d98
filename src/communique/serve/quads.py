"""CAMEO quad classes: the one definition the charts, the events page, the API and the GDELT
export share (store/events.py has the same rule as SQL, QUAD_SQL, for filtering and counting)."""
from __future__ import annotations

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_KEYS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
# The PLOVER type's usual CAMEO root, for an event coded without a CAMEO code. REQUEST merges
# CAMEO's appeals (02, cooperative) and demands (10, conflictual), so only its code places it.
TYPE_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
             "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4,
             "ASSAULT": 4}


def quad_of(event_type: str | None, cameo: str | None) -> int:
    """1-4 from the CAMEO root (01-05, 06-09, 10-14, 15-20), else from the PLOVER type; 0 for neither."""
    if cameo and cameo[:2].isdigit() and 1 <= int(cameo[:2]) <= 20:
        root = int(cameo[:2])
        return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
    return TYPE_QUAD.get((event_type or "").upper(), 0)
