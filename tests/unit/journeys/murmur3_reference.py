#!/usr/bin/env python3
"""Independent reference for journeyctl's split buckets (formats.md, "Splits").

MurmurHash3 x86_32 written again in pure Python from Austin Appleby's
public-domain algorithm, with no code shared with journeys/runtime/split.cpp, so
that test_split.cpp can compare the C++ against it row by row.

    murmur3_reference.py > split_buckets.txt       regenerate the table
    murmur3_reference.py --check split_buckets.txt  exit 1 if it differs

Each row: journey, step, key, the hash (hex), the bucket and the arm for
weights 45/45/10, tab-separated; the keys cover every tail length, non-ASCII
UTF-8 and empty parts.
"""
import sys

MASK = 0xFFFFFFFF


def rotl(x, r):
    return ((x << r) | (x >> (32 - r))) & MASK


def murmur3_x86_32(data: bytes, seed: int) -> int:
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & MASK
    n = len(data)
    for i in range(0, n - n % 4, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * c1) & MASK
        k = rotl(k, 15)
        k = (k * c2) & MASK
        h ^= k
        h = rotl(h, 13)
        h = (h * 5 + 0xE6546B64) & MASK
    tail = data[n - n % 4:]
    if tail:
        k = int.from_bytes(tail, "little")
        k = (k * c1) & MASK
        k = rotl(k, 15)
        k = (k * c2) & MASK
        h ^= k
    h ^= n
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    h ^= h >> 16
    return h


def bucket_of(journey: str, step: str, key: str) -> tuple[int, int]:
    h = murmur3_x86_32(f"{journey}:{step}:{key}".encode("utf-8"), 1)
    return h, h * 10000 // 2**32


def arm_of(weights, bucket: int) -> int:
    total = sum(weights)
    running = 0
    for i, w in enumerate(weights):
        lower = 10000 * running // total
        running += w
        upper = 10000 * running // total
        if lower <= bucket < upper:
            return i
    raise AssertionError("no arm")


def rows():
    journeys = ["winback", "welcome", "onboarding_v2", "a"]
    steps = ["offer", "split-a", "holdout_test", ""]
    keys = ["", "é", "ü-42", "客户", "😀"]
    out = []
    for i in range(1000):
        journey = journeys[i % 4]
        step = steps[(i // 4) % 4]
        if i < len(keys):
            key = keys[i]
        elif i % 7 == 0:
            key = f"client-{i}-Ørsted"
        else:
            key = "c" + str(i) * (1 + i % 5)  # varied lengths: every tail size
        h, b = bucket_of(journey, step, key)
        out.append(f"{journey}\t{step}\t{key}\t{h:08x}\t{b}\t{arm_of([45, 45, 10], b)}\n")
    return "".join(out)


def main():
    assert murmur3_x86_32(b"", 1) == 0x514E28B7
    assert murmur3_x86_32(b"The quick brown fox jumps over the lazy dog", 0) == 0x2E4FF723
    table = rows()
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        with open(sys.argv[2], encoding="utf-8") as f:
            if f.read() != table:
                print(f"{sys.argv[2]} differs from the reference; regenerate it", file=sys.stderr)
                return 1
        return 0
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
