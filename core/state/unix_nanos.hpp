// Times in the state database: nanoseconds since 1970-01-01T00:00:00Z
// (UTC, leap seconds not counted, as Unix time), in one signed 64-bit
// integer. One integer compares and indexes in SQLite without conversion;
// its range, 1677-09-21 to 2262-04-11, holds any instant a message is
// sent at. Callers convert their own time types (journeys'
// StoredFrequencyLedger does), so core/state depends on none of them.
#pragma once

#include <cstdint>

namespace journeyctl::core::state {

using UnixNanos = int64_t;

// The system clock now, for the ledger's record times.
UnixNanos unix_nanos_now();

// a - b, held at the int64 range instead of overflowing (a window reaching
// before 1677 starts at the earliest representable instant).
UnixNanos saturating_subtract(UnixNanos a, int64_t b);

}  // namespace journeyctl::core::state
