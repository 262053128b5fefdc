#pragma once
// How a message's copies are found. The writer makes all of a message's copies in one go, with ObjectIds
// from one process and one second, and stores the smallest and largest of those ids on the message
// (first_copy_id, last_copy_id). The copies are then a range of the deliveries' primary key: no index by
// parent, which cost 17% of the fan-out rate (bench_fanout --index-costs).
//
// Ids of one process and second differ only in their counter, so the range holds no other delivery, except
// when the counter wrapped between a message's copies: then it spans everything this writer made in that
// second. The parent test keeps those out; they only make that one scan longer.

namespace engine::CopyRange {

// Joins messages `m` to their copies `d`.
inline constexpr const char *join = "d.id BETWEEN m.first_copy_id AND m.last_copy_id AND d.parent_id = m.id";

// The ids of the copies of the message bound to the one `?` (for `d.id IN (...)`).
inline constexpr const char *idsOfMessage =
    "SELECT d.id FROM messages m JOIN deliveries d ON d.id BETWEEN m.first_copy_id AND m.last_copy_id "
    "AND d.parent_id = m.id WHERE m.id = ?";

} // namespace engine::CopyRange
