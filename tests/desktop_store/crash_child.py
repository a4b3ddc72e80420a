"""Posts savings in a loop until killed; prints each committed event id (for test_crash).

usage: python crash_child.py DB_PATH SEED
"""

from __future__ import annotations

import random
import sys

from desktop.services import BranchService
from ledger.errors import LumbungError


def main() -> None:
    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    service = BranchService(path)
    staff = {s.username: s for s in service.staff_list()}
    teller, supervisor = staff["ayu"], staff["made"]
    members = [r[0] for r in service.store.conn.execute("SELECT member_id FROM members")]
    print("ready", flush=True)
    while True:
        member_id = rng.choice(members)
        roll = rng.random()
        try:
            if roll < 0.6:
                result = service.deposit(
                    member_id,
                    rng.choice(["sukarela", "wajib"]),
                    rng.randint(1, 500) * 1_000,
                    actor=teller,
                )
            elif roll < 0.9:
                result = service.withdraw(
                    member_id, "sukarela", rng.randint(1, 200) * 1_000, actor=teller
                )
            else:
                rows = service.member_history(member_id, limit=5)
                candidates = [r for r in rows if not r.reversed and r.type != "Reversed"]
                if not candidates:
                    continue
                result = service.reverse(
                    candidates[0].event_id, "Koreksi", actor=teller, authorizer=supervisor
                )
        except LumbungError:
            continue
        print(result.event_id, flush=True)


if __name__ == "__main__":
    main()
