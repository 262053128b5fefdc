#pragma once
// The rows of the Messages view: messages (Incoming) or deliveries (Accepted, the archive), newest first.
// Rows come from the database a page at a time as the view scrolls (fetchMore), so a million of them cost
// no more than the ones on screen. While the view shows the top, newer rows are added as they arrive;
// further down, the model only counts them, so nothing moves under the reader. Rows on screen are read again
// every second so their states stay current. GUI thread; all reading happens on the Backend's reader.

#include "storage/Browse.h"

#include <QAbstractTableModel>
#include <QVariant>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace ui {

class Backend;

class RowsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Type, About, State, Where, Attempts, Due, Note, Id, ColumnCount };
    static constexpr int PageSize = 200;
    // While following the top, rows beyond these are let go.
    static constexpr int MaxFollowingRows = 4 * PageSize;

    explicit RowsModel(Backend &backend, QObject *parent = nullptr);

    void setFilter(const engine::Browse::Filter &filter);
    const engine::Browse::Filter &filter() const { return m_filter; }
    const engine::Browse::Row &row(int index) const { return m_rows[size_t(index)]; }
    // Whether the view shows the top (then new rows come in) and which rows are on screen.
    void setFollowing(bool following);
    void setVisibleRange(int first, int last);
    // Rows that arrived while the view was scrolled down; showNewer() brings them in.
    int newerWaiting() const { return m_newerWaiting; }
    void showNewer();
    std::optional<qint64> total() const { return m_total; }
    // Whether rows follow the database (new ones, changed states); off while no view shows them.
    void setLive(bool live);
    bool isLoading() const { return m_loading; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void totalChanged();
    void newerChanged();
    void loaded(); // a page (the first one, after a new filter, too) has arrived

private:
    void tick();
    void loadNewer();
    bool deliveries() const { return m_filter.queue != engine::Browse::Queue::Incoming; }
    std::optional<qint64> countedTotal() const;

    Backend &m_backend;
    engine::Browse::Filter m_filter;
    std::vector<engine::Browse::Row> m_rows;
    int m_generation = 0;
    // The generation, for reads still queued on a reader thread: a stale one is skipped there.
    std::shared_ptr<std::atomic<int>> m_live = std::make_shared<std::atomic<int>>(0);
    // The total comes from the engine's in-memory counts (no database count for plain queues).
    bool m_totalFromCounts = false;
    bool m_loading = false;
    bool m_atEnd = false;
    bool m_following = true;
    bool m_busyTicking = false;
    bool m_liveUpdates = true;
    int m_newerWaiting = 0;
    int m_visibleFirst = 0;
    int m_visibleLast = -1;
    std::optional<qint64> m_total;
    QVariant m_idFont;
};

// How a state reads in a list, and its colour (muted, readable on light and dark palettes).
QString stateLabel(const QString &state);
QVariant stateColour(const QString &state);
// A row's state as lists show it: a delivery the endpoint took is "delivered", not "archived".
QString shownState(const engine::Browse::Row &row);
// How a message's copies stand, the ones that need the owner first: "1 parked, 2 delivered".
QString copiesText(const QStringList &shownStates);
// Of the copies' states, the one that most needs the owner (its colour is the message's).
QString worstState(const QStringList &shownStates);
QString timeText(qint64 ms);

} // namespace ui
