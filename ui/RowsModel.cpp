#include "RowsModel.h"

#include "Backend.h"

#include "storage/AbandonWhen.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QFontDatabase>
#include <QLocale>

namespace ui {

using namespace engine;

QString stateLabel(const QString &state)
{
    if (state.isEmpty())
        return state;
    return state.at(0).toUpper() + state.mid(1);
}

QVariant stateColour(const QString &state)
{
    if (state == QLatin1String("parked") || state == QLatin1String("rejected"))
        return QColor(0xc0, 0x39, 0x2b);
    if (state == QLatin1String("retrying"))
        return QColor(0xd3, 0x84, 0x00);
    if (state == QLatin1String(Browse::delivered) || state == QLatin1String("accepted"))
        return QColor(0x2e, 0x8b, 0x57);
    if (state == QLatin1String("archived") || state == QLatin1String("discarded"))
        return QColor(0x80, 0x80, 0x80); // the owner's decision: neither good nor bad
    if (state == QLatin1String("pending") || state == QLatin1String("scheduled") || state == QLatin1String("sending"))
        return QColor(0x2f, 0x6f, 0xb5);
    return QVariant(); // the palette's own text colour
}

QString shownState(const Browse::Row &row)
{
    return row.delivered ? QString::fromLatin1(Browse::delivered) : row.state;
}

namespace {

// The order in which copies are told: what waits for the owner, what is still on its way, what is done.
const QStringList severity{QStringLiteral("parked"),   QStringLiteral("retrying"), QStringLiteral("scheduled"),
                           QStringLiteral("pending"),  QStringLiteral("sending"),  QLatin1String(Browse::delivered),
                           QStringLiteral("archived"), QStringLiteral("discarded")};

} // namespace

QString copiesText(const QStringList &shownStates)
{
    QStringList parts;
    for (const QString &state : severity) {
        if (const qsizetype n = shownStates.count(state))
            parts << QStringLiteral("%1 %2").arg(QLocale().toString(n), state);
    }
    return parts.join(QStringLiteral(", "));
}

QString worstState(const QStringList &shownStates)
{
    for (const QString &state : severity) {
        if (shownStates.contains(state))
            return state;
    }
    return QString();
}

QString timeText(qint64 ms)
{
    if (ms <= 0)
        return QString();
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

RowsModel::RowsModel(Backend &backend, QObject *parent) : QAbstractTableModel(parent), m_backend(backend)
{
    // Made once: a font built per cell would be matched against the system's fonts on every paint.
    m_idFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    connect(&m_backend, &Backend::tick, this, &RowsModel::tick);
}

void RowsModel::setFilter(const Browse::Filter &filter)
{
    beginResetModel();
    m_filter = filter;
    m_rows.clear();
    ++m_generation;
    m_live->store(m_generation);
    m_loading = false;
    m_atEnd = false;
    m_newerWaiting = 0;
    m_total.reset();
    m_totalFromCounts = false;
    endResetModel();
    Q_EMIT newerChanged();
    fetchMore(QModelIndex());

    // A whole queue (by state and store at most) is counted in memory; anything narrower by the database,
    // on the slow lane, where a count over a million rows holds nothing else up.
    if (std::optional<qint64> counted = countedTotal()) {
        m_total = counted;
        m_totalFromCounts = true;
    } else {
        const int generation = m_generation;
        m_backend.read<Result<std::optional<qint64>>>(
            this,
            [filter, live = m_live, generation](ReadConnection &c) -> Result<std::optional<qint64>> {
                if (live->load() != generation)
                    return std::optional<qint64>();                                  // replaced while it waited
                AbandonWhen replaced(c, [&] { return live->load() != generation; }); // or while it counts
                return Browse::count(c.database(), filter);
            },
            [this, generation](Result<std::optional<qint64>> total) {
                if (generation != m_generation || !total)
                    return;
                m_total = *total;
                Q_EMIT totalChanged();
            },
            Backend::Lane::Slow);
    }
    Q_EMIT totalChanged();
}

std::optional<qint64> RowsModel::countedTotal() const
{
    const Browse::Filter &f = m_filter;
    if (!f.type.isEmpty() || f.endpointId || f.fromMs || f.toMs || !f.id.isEmpty() || !f.text.isEmpty() ||
        Browse::separatesDelivered(f))
        return std::nullopt;
    const auto counts = m_backend.engine().counts().counts(
        f.queue == Browse::Queue::Incoming ? QueueCounts::Queue::Incoming : QueueCounts::Queue::Accepted, f.store);
    const QStringList states = f.states.isEmpty() ? Browse::statesOf(f.queue) : f.states;
    qint64 total = 0;
    for (const QString &state : states) {
        if (const auto it = counts.find(state); it != counts.end())
            total += it->second;
    }
    return total;
}

void RowsModel::setFollowing(bool following)
{
    if (following == m_following)
        return;
    m_following = following;
    if (m_following && m_newerWaiting > 0)
        showNewer();
}

void RowsModel::setVisibleRange(int first, int last)
{
    m_visibleFirst = first;
    m_visibleLast = last;
}

void RowsModel::showNewer()
{
    // Simplest and exact: read the list again from the top.
    setFilter(m_filter);
}

int RowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool RowsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loading;
}

void RowsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_loading = true;
    const int generation = m_generation;
    const Browse::Filter filter = m_filter;
    const QString after = m_rows.empty() ? QString() : m_rows.back().key;
    m_backend.read<Result<std::vector<Browse::Row>>>(
        this,
        [filter, after, live = m_live, generation](ReadConnection &c) -> Result<std::vector<Browse::Row>> {
            if (live->load() != generation)
                return std::vector<Browse::Row>();                               // replaced while it waited
            AbandonWhen replaced(c, [&] { return live->load() != generation; }); // or while it searches
            return Browse::page(c.database(), filter, after, PageSize);
        },
        [this, generation](Result<std::vector<Browse::Row>> page) {
            if (generation != m_generation)
                return; // an answer to a filter since replaced
            if (!page) {
                m_loading = false;
                m_atEnd = true;
                Q_EMIT loaded();
                return;
            }
            // Still "loading" while the rows go in: views and testers may ask for more from inside
            // beginInsertRows, before the rows are there to page after.
            if (!page->empty()) {
                beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size() + page->size()) - 1);
                m_rows.insert(m_rows.end(), page->begin(), page->end());
                endInsertRows();
            }
            m_atEnd = int(page->size()) < PageSize;
            m_loading = false;
            Q_EMIT loaded();
        },
        Browse::mayScan(filter) ? Backend::Lane::Slow : Backend::Lane::Quick); // where it holds up no other read
}

void RowsModel::setLive(bool live)
{
    if (live == m_liveUpdates)
        return;
    m_liveUpdates = live;
    if (live)
        tick();
}

void RowsModel::tick()
{
    if (m_totalFromCounts) {
        if (std::optional<qint64> counted = countedTotal(); counted != m_total) {
            m_total = counted;
            Q_EMIT totalChanged();
        }
    }
    if (m_busyTicking || m_loading || !m_liveUpdates)
        return;
    m_busyTicking = true;
    loadNewer();
}

void RowsModel::loadNewer()
{
    const int generation = m_generation;
    const Browse::Filter filter = m_filter;
    const QString newest = m_rows.empty() ? QString() : m_rows.front().key;
    QStringList onScreen;
    for (int i = std::max(0, m_visibleFirst); i <= m_visibleLast && i < int(m_rows.size()); ++i)
        onScreen << m_rows[size_t(i)].id;
    struct Update {
        Result<std::vector<Browse::Row>> newer;
        Result<std::vector<Browse::Row>> current;
    };
    const bool wantNewer = !newest.isEmpty() || m_atEnd;
    m_backend.read<std::shared_ptr<Update>>(
        this,
        [filter, newest, onScreen, wantNewer](ReadConnection &c) {
            auto u = std::make_shared<Update>(Update{std::vector<Browse::Row>{}, std::vector<Browse::Row>{}});
            if (wantNewer)
                u->newer = Browse::newer(c.database(), filter, newest, PageSize);
            u->current = Browse::refresh(c.database(), filter.queue, onScreen);
            return u;
        },
        [this, generation](std::shared_ptr<Update> u) {
            m_busyTicking = false;
            if (generation != m_generation)
                return;
            if (u->current) {
                for (const Browse::Row &fresh : *u->current) {
                    for (size_t i = 0; i < m_rows.size(); ++i) {
                        if (m_rows[i].id == fresh.id &&
                            (m_rows[i].state != fresh.state || m_rows[i].attempts != fresh.attempts ||
                             m_rows[i].note != fresh.note || m_rows[i].dueAtMs != fresh.dueAtMs)) {
                            m_rows[i] = fresh;
                            Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
                        }
                    }
                }
            }
            if (!u->newer || u->newer->empty())
                return;
            if (m_following && m_newerWaiting == 0) {
                const int n = int(u->newer->size());
                if (n >= PageSize) {
                    // More came than a page since the last look: the top page again is both exact and
                    // cheaper than inserting them all (and the reader, at the top, sees only that page).
                    const std::optional<qint64> total = m_total;
                    setFilter(m_filter);
                    if (!m_totalFromCounts && total) {
                        m_total = *total + n; // at least; the count on its way corrects it
                        Q_EMIT totalChanged();
                    }
                    return;
                }
                // Newest first: what came oldest-first goes in reversed, at the top.
                beginInsertRows(QModelIndex(), 0, n - 1);
                m_rows.insert(m_rows.begin(), u->newer->rbegin(), u->newer->rend());
                endInsertRows();
                // At the top, rows far below are not being read: let them go rather than grow without end
                // while messages flow (scrolling down fetches them again).
                if (int(m_rows.size()) > MaxFollowingRows) {
                    beginRemoveRows(QModelIndex(), MaxFollowingRows, int(m_rows.size()) - 1);
                    m_rows.resize(size_t(MaxFollowingRows));
                    endRemoveRows();
                    m_atEnd = false;
                }
                if (m_total && !m_totalFromCounts) {
                    *m_total += n;
                    Q_EMIT totalChanged();
                }
            } else if (int(u->newer->size()) != m_newerWaiting) {
                m_newerWaiting = int(u->newer->size());
                Q_EMIT newerChanged();
            }
        });
}

QVariant RowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case Time:
        return deliveries() ? tr("Created") : tr("Received");
    case Type:
        return tr("Type");
    case About:
        return tr("About");
    case State:
        return tr("State");
    case Where:
        return deliveries() ? tr("Endpoint") : tr("Source");
    case Attempts:
        return deliveries() ? tr("Attempts") : tr("Store");
    case Due:
        return deliveries() ? tr("Next attempt") : tr("Parent");
    case Note:
        return deliveries() ? tr("Last error") : tr("Note");
    case Id:
        return tr("Id");
    }
    return QVariant();
}

QVariant RowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return QVariant();
    const Browse::Row &r = m_rows[size_t(index.row())];
    // An accepted message stands as its copies do.
    const bool byCopies = !deliveries() && !r.copies.isEmpty();
    if (role == Qt::ForegroundRole && index.column() == State)
        return stateColour(byCopies ? worstState(r.copies) : shownState(r));
    if (role == Qt::ToolTipRole && index.column() == State && byCopies)
        return tr("%1; its copies: %2").arg(stateLabel(r.state), copiesText(r.copies));
    if (role == Qt::FontRole && index.column() == Id)
        return m_idFont;
    if (role == Qt::ToolTipRole && index.column() == Note)
        return r.note;
    if (role == Qt::UserRole)
        return r.id;
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (index.column()) {
    case Time:
        return timeText(r.atMs);
    case Type:
        return r.type;
    case About:
        return r.objects.join(QStringLiteral(" · "));
    case State:
        return byCopies ? copiesText(r.copies) : stateLabel(shownState(r));
    case Where:
        return deliveries() ? r.endpoint : r.source;
    case Attempts:
        if (!deliveries())
            return r.store;
        return r.lastStatus > 0 ? QStringLiteral("%1 (last %2)").arg(r.attempts).arg(r.lastStatus)
                                : QString::number(r.attempts);
    case Due:
        if (!deliveries())
            return r.parentId;
        return r.dueAtMs > 0 && r.state != QLatin1String("pending") ? timeText(r.dueAtMs) : QString();
    case Note:
        return r.note;
    case Id:
        return r.id;
    }
    return QVariant();
}

} // namespace ui
