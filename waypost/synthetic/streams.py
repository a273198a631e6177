"""Seeded random streams and the ids drawn from them.

Each synthetic identity has streams of its own, seeded from the run's seed and the identity's
number, so any identity can be rebuilt alone (`identities` for a benchmark's look-ups) and the
population can be built in chunks with the same result as all at once.
"""

import hashlib
import random
import uuid


def stream(*parts: object) -> random.Random:
    """A random stream named by `parts`: the same parts give the same stream in any process
    (unlike hash(), which Python salts per process)."""
    name = "\x1f".join(str(part) for part in parts).encode()
    return random.Random(int.from_bytes(hashlib.blake2b(name, digest_size=16).digest()))


def new_uuid(rng: random.Random) -> uuid.UUID:
    """A version 4 UUID drawn from `rng`, so the same seed gives the same primary keys."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)
