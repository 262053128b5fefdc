#pragma once
// An object's timeline as a table (storage/History): when, level or state, what, the detail (an event's
// description; a message's copies and how each stands), where it came from, occurrences. Replaced whole
// when it is read again. GUI thread.

#include "storage/History.h"

#include <QAbstractTableModel>

#include <vector>

namespace ui {

class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { When, Level, What, Detail, Origin, Occurrences, ColumnCount };
    // The message an entry is (or names), for opening its detail.
    static constexpr int MessageIdRole = Qt::UserRole + 1;

    explicit TimelineModel(QObject *parent = nullptr);

    void setEntries(std::vector<engine::History::Entry> entries);
    const std::vector<engine::History::Entry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // How a message's copies stand, in a line: "warehouse archived, erp parked (HTTP 500)".
    static QString copiesText(const engine::History::Entry &entry);

private:
    std::vector<engine::History::Entry> m_entries;
};

} // namespace ui
