"""The PinHasher port with Argon2id (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2PinHasher:
    """PINs are short, so the cost lives in the hash: Argon2id with the library's defaults.

    `time_cost`/`memory_cost` may be lowered for tests; stored hashes carry their own
    parameters, so changing them later does not lock anyone out.
    """

    def __init__(self, time_cost: int | None = None, memory_cost: int | None = None) -> None:
        defaults = PasswordHasher()
        self._hasher = PasswordHasher(
            time_cost=defaults.time_cost if time_cost is None else time_cost,
            memory_cost=defaults.memory_cost if memory_cost is None else memory_cost,
        )

    def hash(self, pin: str) -> str:
        digest: str = self._hasher.hash(pin)
        return digest

    def verify(self, pin_hash: str, pin: str) -> bool:
        try:
            return bool(self._hasher.verify(pin_hash, pin))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
