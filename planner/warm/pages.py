"""Giving a spare child its own copy of the warm process's memory before a command runs in it.

Why: a forked child shares its parent's pages until it writes to one, and
Python writes all over them (every object it touches has its reference count
changed), so the first run in a fresh fork copies some 2,200 pages one fault
at a time: a month's listing took 60-65 ms in a fork against 50 in the
parent. The warm process therefore keeps a spare child forked in advance,
and the spare asks the kernel to copy every writable page now
(``madvise(MADV_POPULATE_WRITE)``, Linux 5.14), about 10 ms while nobody
waits; a command then runs in it at the parent's speed. The cost is memory:
the spare holds its own copy (some 15 MB).
"""

from __future__ import annotations

MADV_POPULATE_WRITE = 23
"""From Linux's ``mman-common.h``; an older kernel answers EINVAL and nothing is copied ahead."""
SKIPPED = ("[vvar]", "[vdso]", "[vsyscall]", "[vvar_vclock]")
"""Mappings of the kernel's own that are not ordinary memory."""


def populate() -> int:
    """Copy every private writable page of this process now; the number of pages, 0 if the kernel cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
        madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        madvise.restype = ctypes.c_int
        with open("/proc/self/maps", encoding="ascii", errors="replace") as f:
            regions = f.read().splitlines()
    except (OSError, AttributeError):
        return 0
    pages = 0
    for line in regions:
        fields = line.split()
        if len(fields) < 2 or not fields[1].startswith("rw") or fields[1][3:4] != "p":
            continue
        if len(fields) > 5 and fields[5] in SKIPPED:
            continue
        start, end = (int(x, 16) for x in fields[0].split("-"))
        if madvise(start, end - start, MADV_POPULATE_WRITE) != 0:
            if ctypes.get_errno() == 22:  # EINVAL: no such advice before Linux 5.14
                return pages
            continue
        pages += (end - start) // 4096
    return pages


def die_with_parent() -> None:
    """Have the kernel end this process when its parent ends (``PR_SET_PDEATHSIG``), so no spare outlives the warm process."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        return


__all__ = ["die_with_parent", "populate"]
