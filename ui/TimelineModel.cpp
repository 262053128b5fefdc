#include "TimelineModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QStringList>

namespace ui {

using engine::History::Entry;

TimelineModel::TimelineModel(QObject *parent) : QAbstractTableModel(parent) {}

void TimelineModel::setEntries(std::vector<Entry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TimelineModel::copiesText(const Entry &entry)
{
    if (entry.copies.empty())
        return entry.reason.isEmpty() ? tr("no deliveries") : entry.reason;
    QStringList parts;
    for (const engine::History::Copy &c : entry.copies) {
        QString part = QStringLiteral("%1 %2").arg(c.endpoint, c.state);
        // Why a copy that is not done failed last; a finished one needs no reason.
        const bool finished = c.state == QLatin1String("archived") || c.state == QLatin1String("discarded");
        if (!finished && !c.lastError.isEmpty())
            part += QStringLiteral(" (%1)").arg(c.lastError.left(80));
        else if (!finished && c.lastStatus)
            part += QStringLiteral(" (HTTP %1)").arg(c.lastStatus);
        parts << part;
    }
    return parts.join(QStringLiteral(", "));
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_entries.size()))
        return {};
    const Entry &e = m_entries[size_t(index.row())];
    const bool event = e.kind == Entry::Kind::Event;
    if (role == MessageIdRole)
        return e.messageId;
    if (role == Qt::ForegroundRole && event && index.column() == Level) {
        if (e.level == QLatin1String("error"))
            return QBrush(QColor(0xb0, 0x20, 0x20));
        if (e.level == QLatin1String("warn"))
            return QBrush(QColor(0x9a, 0x60, 0x00));
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() == Occurrences)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case When:
        return QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Level:
        return event ? e.level : tr("message · %1").arg(e.state);
    case What:
        return event ? e.subject : e.type;
    case Detail:
        return event ? e.description : copiesText(e);
    case Origin:
        return event ? e.origin : e.source;
    case Occurrences:
        return event && e.occurrences > 1 ? QVariant(e.occurrences) : QVariant();
    default:
        return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case When:
        return tr("When");
    case Level:
        return tr("Level");
    case What:
        return tr("What");
    case Detail:
        return tr("Detail");
    case Origin:
        return tr("From");
    case Occurrences:
        return tr("Times");
    default:
        return {};
    }
}

} // namespace ui
