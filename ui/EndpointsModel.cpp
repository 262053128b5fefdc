#include "EndpointsModel.h"
#include "Counted.h"

#include "Backend.h"
#include "RowsModel.h"

#include <QColor>

namespace ui {

using namespace engine;

EndpointsModel::EndpointsModel(Backend &backend, QObject *parent) : QAbstractTableModel(parent), m_backend(backend)
{
    connect(&m_backend, &Backend::configurationChanged, this, &EndpointsModel::reload);
    connect(&m_backend, &Backend::tick, this, &EndpointsModel::updateHealth);
    reload();
}

void EndpointsModel::reload()
{
    beginResetModel();
    m_endpoints = m_backend.configuration().endpoints;
    endResetModel();
    updateHealth();
}

void EndpointsModel::updateHealth()
{
    if (!m_backend.engine().dispatcher() || m_endpoints.empty())
        return;
    std::map<qint64, EndpointHealth::Snapshot> health;
    for (const EndpointHealth::Snapshot &s : m_backend.engine().endpointHealth())
        health[s.endpointId] = s;
    bool changed = health.size() != m_health.size();
    for (const auto &[id, s] : health) {
        const auto old = m_health.find(id);
        changed = changed || old == m_health.end() || old->second.attempts != s.attempts ||
                  old->second.inFlight != s.inFlight || old->second.circuitOpen != s.circuitOpen ||
                  old->second.lastError != s.lastError;
    }
    m_health = std::move(health);
    if (changed)
        Q_EMIT dataChanged(index(0, State), index(rowCount() - 1, LastError));
}

int EndpointsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_endpoints.size());
}

int EndpointsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EndpointsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case Name:
        return tr("Name");
    case Url:
        return tr("URL");
    case State:
        return tr("State");
    case SuccessRate:
        return tr("Success");
    case Latency:
        return tr("Latency p50 / p95");
    case InFlight:
        return tr("In flight");
    case LastError:
        return tr("Last error");
    }
    return QVariant();
}

QVariant EndpointsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_endpoints.size()))
        return QVariant();
    const Endpoint &e = m_endpoints[size_t(index.row())];
    const auto h = m_health.find(e.id);
    const bool known = h != m_health.end();
    const bool circuitOpen = known && h->second.circuitOpen;
    const bool degraded = known && h->second.degraded && e.state == EndpointState::Active;
    if (role == Qt::ForegroundRole && index.column() == State) {
        if (e.state == EndpointState::Paused || circuitOpen)
            return QColor(0xc0, 0x39, 0x2b);
        if (degraded)
            return QColor(0xd3, 0x84, 0x00);
        return e.state == EndpointState::Active ? QColor(0x2e, 0x8b, 0x57) : QVariant();
    }
    if (role == Qt::ToolTipRole && index.column() == State && circuitOpen)
        return tr("%1 in a row: one probe at a time until one succeeds")
            .arg(counted(h->second.failuresInRow, tr("failure"), tr("failures")));
    if (role == Qt::ToolTipRole && index.column() == State && degraded)
        return tr("Too many of its recent deliveries fail (the threshold is in Settings); the Alerts view says "
                  "how many");
    if (role == Qt::ToolTipRole && index.column() == LastError && known)
        return h->second.lastError;
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (index.column()) {
    case Name:
        return e.name;
    case Url:
        return e.url;
    case State:
        if (circuitOpen)
            return tr("Failing");
        if (degraded)
            return tr("Degraded");
        return stateLabel(QString::fromLatin1(endpointStateName(e.state)));
    case SuccessRate:
        return known && h->second.attempts > 0 ? QStringLiteral("%1%").arg(h->second.successRate * 100.0, 0, 'f', 1)
                                               : QString();
    case Latency:
        return known && h->second.latencyP50Ms + h->second.latencyP95Ms > 0
                   ? tr("%1 / %2 ms").arg(h->second.latencyP50Ms).arg(h->second.latencyP95Ms)
                   : QString();
    case InFlight:
        return known ? QString::number(h->second.inFlight) : QString();
    case LastError:
        return known ? h->second.lastError : QString();
    }
    return QVariant();
}

} // namespace ui
