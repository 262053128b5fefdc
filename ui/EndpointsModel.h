#pragma once
// The endpoints as a table: their configuration and how they are doing (state, success rate, latency,
// in flight, last error), refreshed as the engine publishes its health figures. GUI thread.

#include "config/Endpoint.h"
#include "dispatch/EndpointHealth.h"

#include <QAbstractTableModel>

#include <map>
#include <vector>

namespace ui {

class Backend;

class EndpointsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Url, State, SuccessRate, Latency, InFlight, LastError, ColumnCount };

    explicit EndpointsModel(Backend &backend, QObject *parent = nullptr);

    const engine::Endpoint &endpoint(int row) const { return m_endpoints[size_t(row)]; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void reload();
    void updateHealth();

    Backend &m_backend;
    std::vector<engine::Endpoint> m_endpoints;
    std::map<qint64, engine::EndpointHealth::Snapshot> m_health;
};

} // namespace ui
