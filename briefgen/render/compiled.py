"""Compiled templates kept between runs (Jinja's bytecode cache), signed with the user's key.

Compiling the templates is most of what a build's own process spends besides the layout it
hands to a worker (13 templates, about 0.07 s). Jinja keeps each template's compiled code
with the digest of its source and recompiles when that changes. The code is kept in the
user's cache folder (templates/), and since a file of code that someone else wrote must never
run, each file is signed with the user's cache key over the tool's digest (which fixes the
environment's options and Jinja's version) and the code: anything else is compiled afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from briefgen.load.digest import tool_digest
from briefgen.safeio import MIB, read_capped
from briefgen.validate.cachedir import cache_dir, signing_key

MAX_BYTES = 16 * MIB
FOLDER = "templates"


class SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's compiled templates in `folder`, each file signed with `key`."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self.key = key
        self.salt = f"{tool_digest()}\0{jinja2.__version__}\0".encode()

    def path(self, bucket: Bucket) -> Path:
        """The file of one template (Jinja's key digests its name and file)."""
        return self.folder / f"{hashlib.sha256(bucket.key.encode()).hexdigest()[:40]}.code"

    def signature(self, body: bytes) -> bytes:
        """The file's signature: only this user's briefgen can make it."""
        return hmac.digest(self.key, self.salt + body, "sha256")

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give the bucket the kept code when the file is ours and intact (else nothing)."""
        try:
            data = read_capped(self.path(bucket), MAX_BYTES, follow=False)
        except OSError:
            return
        signature, body = data[:32], data[32:]
        if hmac.compare_digest(signature, self.signature(body)):
            bucket.bytecode_from_string(body)  # Jinja drops it when the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the bucket's code; a cache that cannot be written is skipped."""
        from briefgen.write import atomic_write

        body = bucket.bytecode_to_string()
        with contextlib.suppress(OSError):
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write(self.path(bucket), self.signature(body) + body)


def bytecode_cache() -> SignedBytecodeCache | None:
    """The cache of compiled templates, or None when caching is off or has no usable key."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return SignedBytecodeCache(folder / FOLDER, signing_key(folder))
    except OSError:
        return None
