"""The kiosk gives the C allocator's free pages back between visitors."""

from __future__ import annotations

import ctypes

import pytest

from kiosk.health import return_free_memory, rss_bytes

BLOCK = 32 * 1024
"""Under glibc's mmap threshold (128 KiB): blocks come from the heap, as SQLite's pages do."""
BLOCKS = 1024


def test_freed_pages_held_below_a_live_block_go_back_to_the_system() -> None:
    """32 MiB freed under a block still in use stays resident until the kiosk trims."""
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "malloc_trim") or rss_bytes() is None:
        pytest.skip("glibc and /proc only")
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(BLOCK) for _ in range(BLOCKS)]
    keeper = libc.malloc(BLOCK)  # alive above them: the heap's top cannot shrink
    try:
        for block in blocks:
            ctypes.memset(block, 1, BLOCK)  # resident, as used memory is
        for block in blocks:
            libc.free(block)
        held = rss_bytes()
        assert held is not None
        assert return_free_memory()
        after = rss_bytes()
        assert after is not None
        # Most of the 32 MiB is handed back (the allocator may keep a little).
        assert held - after > BLOCKS * BLOCK * 0.75, (held, after)
    finally:
        libc.free(keeper)
