#pragma once
// Retry schedules as the owner reads and writes them: "5 s, 5 min, 30 min, 2 h" rather than 5, 300, 1800,
// 7200. A bare number is seconds; a part may combine units ("1 h 30 min"). The configuration file keeps
// seconds (schedule_s); this is only the window's way of saying them.

#include <QString>

#include <optional>
#include <vector>

namespace ui {

// 90 → "90 s", 300 → "5 min", 5400 → "1 h 30 min", 86400 → "1 d".
QString durationText(int seconds);
// "5 min", "5m", "300", "1 h 30 min", "2h" → seconds; nothing for what is not a duration.
std::optional<int> parseDuration(const QString &text);

// A schedule as a comma-separated list of durations, and back. What is not a duration becomes -1, which the
// schedule's validation names.
QString scheduleText(const std::vector<int> &seconds);
std::vector<int> parseSchedule(const QString &text);

} // namespace ui
