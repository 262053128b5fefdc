#include "DurationText.h"

#include <QRegularExpression>
#include <QStringList>

#include <array>

namespace ui {

namespace {

struct Unit {
    int seconds;
    const char *name;                 // as written
    std::array<const char *, 5> also; // as read too
};

constexpr std::array<Unit, 4> units{{
    {86400, "d", {"d", "day", "days", nullptr, nullptr}},
    {3600, "h", {"h", "hr", "hour", "hours", nullptr}},
    {60, "min", {"m", "min", "mins", "minute", "minutes"}},
    {1, "s", {"s", "sec", "secs", "second", "seconds"}},
}};

} // namespace

QString durationText(int seconds)
{
    if (seconds <= 0)
        return QStringLiteral("0 s");
    // Whole units only, at most two of them: 90 stays "90 s" (not "1 min 30 s"), 5400 is "1 h 30 min".
    for (size_t i = 0; i < units.size(); ++i) {
        const Unit &u = units[i];
        if (seconds < u.seconds)
            continue;
        const int whole = seconds / u.seconds, rest = seconds % u.seconds;
        if (rest == 0)
            return QStringLiteral("%1 %2").arg(whole).arg(QLatin1String(u.name));
        if (i + 1 < units.size() && rest % units[i + 1].seconds == 0 && u.seconds > 60)
            return QStringLiteral("%1 %2 %3 %4")
                .arg(whole)
                .arg(QLatin1String(u.name))
                .arg(rest / units[i + 1].seconds)
                .arg(QLatin1String(units[i + 1].name));
    }
    return QStringLiteral("%1 s").arg(seconds);
}

std::optional<int> parseDuration(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("\\s*(\\d+)\\s*([a-z]*)\\s*"));
    const QString t = text.trimmed().toLower();
    if (t.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    qsizetype at = 0;
    while (at < t.size()) {
        const QRegularExpressionMatch m =
            part.match(t, at, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch() || m.capturedLength() == 0)
            return std::nullopt;
        const qint64 n = m.captured(1).toLongLong();
        const QString unit = m.captured(2);
        int factor = 0;
        if (unit.isEmpty())
            factor = 1;
        for (const Unit &u : units) {
            for (const char *name : u.also) {
                if (name && unit == QLatin1String(name))
                    factor = u.seconds;
            }
        }
        if (factor == 0)
            return std::nullopt;
        total += n * factor;
        if (total > 365LL * 86400)
            return std::nullopt;
        at += m.capturedLength();
    }
    return int(total);
}

QString scheduleText(const std::vector<int> &seconds)
{
    QStringList parts;
    for (int s : seconds)
        parts << durationText(s);
    return parts.join(QStringLiteral(", "));
}

std::vector<int> parseSchedule(const QString &text)
{
    std::vector<int> schedule;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        schedule.push_back(parseDuration(part).value_or(-1));
    return schedule;
}

} // namespace ui
