#pragma once
// The Dashboard: how many messages and deliveries are in each state (tiles that open the Messages view
// there), what the engine took, delivered and failed per second over the last 5 or 60 minutes, how each
// endpoint is doing, the pushes refused and why, and a banner while alerts are open. GUI thread; it reads only what the
// engine keeps in memory, so it costs nothing to redraw twice a second.

#include "storage/Browse.h"

#include <QWidget>

#include <vector>

class QChart;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QTableView;
class QToolButton;
class QValueAxis;

namespace ui {

class Backend;
class EndpointsModel;

class DashboardView : public QWidget {
    Q_OBJECT
public:
    explicit DashboardView(Backend &backend, QWidget *parent = nullptr);

    // The count a tile shows, for tests.
    qint64 tileCount(engine::Browse::Queue queue, const QString &state) const;
    QLabel *banner() const { return m_banner; }
    // The line that counts refused pushes by reason.
    QLabel *refusedLine() const { return m_refused; }
    EndpointsModel *endpointsModel() const { return m_endpoints; }
    // 5 or 60.
    void setChartMinutes(int minutes);
    // The rate axis's top and its number of ticks, for tests.
    std::pair<double, int> rateAxis() const;

Q_SIGNALS:
    void queueChosen(engine::Browse::Queue queue, const QString &state);
    void alertsChosen();
    // The banner's link to the history of the first open alert's endpoint or store.
    void historyChosen(const QString &type, const QString &id);

private:
    struct Tile {
        engine::Browse::Queue queue;
        QString state;
        QToolButton *button;
        qint64 count = -1;
    };

    void updateTiles();
    void updateChart();
    void updateBanner();
    void updateStores();
    void updateRefused();

    Backend &m_backend;
    std::vector<Tile> m_tiles;
    QLabel *m_banner = nullptr;
    QComboBox *m_span = nullptr;
    QLineSeries *m_taken = nullptr;
    QLineSeries *m_delivered = nullptr;
    QLineSeries *m_failed = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_rateAxis = nullptr;
    EndpointsModel *m_endpoints = nullptr;
    QTableView *m_health = nullptr;
    QLabel *m_stores = nullptr; // each store's heartbeat
    QLabel *m_refused = nullptr;
    qint64 m_refusedShown = -1;
};

} // namespace ui
