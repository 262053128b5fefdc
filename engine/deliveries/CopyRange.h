#pragma once
// How a message's copies are found. The writer makes all of a message's copies in one go, with ObjectIds
// from one process and one second, and stores the smallest and largest of those ids on the message
// (first_copy_id, last_copy_id). The copies are then a range of the deliveries' primary key: no index by
// parent, which cost 17% of the fan-out rate (bench_fanout --index-costs).
//
// The range can hold other deliveries: ones another process made in the same second, or, when the
// ObjectId counter wrapped inside a message, everything made in that second. The parent test keeps them out;
// they only make the scan longer.

namespace engine::CopyRange {

// Joins messages `m` to their copies `d`.
inline constexpr const char *join = "d.id BETWEEN m.first_copy_id AND m.last_copy_id AND d.parent_id = m.id";

// The ids of the copies of the message bound to the one `?` (for `d.id IN (...)`).
inline constexpr const char *idsOfMessage =
    "SELECT d.id FROM messages m JOIN deliveries d ON d.id BETWEEN m.first_copy_id AND m.last_copy_id "
    "AND d.parent_id = m.id WHERE m.id = ?";

} // namespace engine::CopyRange
