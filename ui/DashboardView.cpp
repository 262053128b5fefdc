#include "DashboardView.h"

#include "Counted.h"
#include "HistoryLink.h"

#include "AlertsView.h"
#include "Backend.h"
#include "EndpointsModel.h"
#include "HeartbeatText.h"
#include "RefusedPushesDialog.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace ui {

using namespace engine;

namespace {

struct TileSpec {
    Browse::Queue queue;
    const char *state;
    const char *label;
    const char *tip;
};

const TileSpec tileSpecs[] = {
    {Browse::Queue::Incoming, "incoming", QT_TRANSLATE_NOOP("ui::DashboardView", "new"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Messages taken in and not yet fanned out")},
    {Browse::Queue::Incoming, "accepted", QT_TRANSLATE_NOOP("ui::DashboardView", "accepted"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Messages fanned out to at least one endpoint")},
    {Browse::Queue::Incoming, "skipped", QT_TRANSLATE_NOOP("ui::DashboardView", "skipped"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Messages no subscription wanted")},
    {Browse::Queue::Incoming, "rejected", QT_TRANSLATE_NOOP("ui::DashboardView", "rejected"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Messages refused by a check, with the reason")},
    {Browse::Queue::Accepted, "pending", QT_TRANSLATE_NOOP("ui::DashboardView", "pending"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Deliveries waiting for their first attempt")},
    {Browse::Queue::Accepted, "retrying", QT_TRANSLATE_NOOP("ui::DashboardView", "retrying"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Deliveries that failed and wait for their next attempt")},
    {Browse::Queue::Accepted, "scheduled", QT_TRANSLATE_NOOP("ui::DashboardView", "scheduled"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Deliveries an endpoint asked to have again later")},
    {Browse::Queue::Accepted, "parked", QT_TRANSLATE_NOOP("ui::DashboardView", "parked"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Deliveries that ran out of retries: they wait for you")},
    {Browse::Queue::Archive, "archived", QT_TRANSLATE_NOOP("ui::DashboardView", "done"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Deliveries done: delivered, or archived by you")},
    {Browse::Queue::Archive, "discarded", QT_TRANSLATE_NOOP("ui::DashboardView", "discarded"),
     QT_TRANSLATE_NOOP("ui::DashboardView", "Deliveries someone chose to drop")},
};

QString queueName(Browse::Queue queue)
{
    switch (queue) {
    // Which counts are of messages and which of their copies (one per subscription that took it).
    case Browse::Queue::Incoming:
        return DashboardView::tr("Messages taken in (Incoming)");
    case Browse::Queue::Accepted:
        return DashboardView::tr("Deliveries to make (Accepted)");
    case Browse::Queue::Archive:
        return DashboardView::tr("Deliveries done (Archive)");
    }
    return QString();
}

QLineSeries *makeSeries(const QString &name, const QColor &color)
{
    auto *series = new QLineSeries;
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(1.6);
    series->setPen(pen);
    return series;
}

} // namespace

DashboardView::DashboardView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    // Tiles, a group per queue.
    auto *tiles = new QHBoxLayout;
    QGridLayout *grid = nullptr;
    std::optional<Browse::Queue> groupQueue;
    for (const TileSpec &spec : tileSpecs) {
        if (!groupQueue || *groupQueue != spec.queue) {
            auto *group = new QGroupBox(queueName(spec.queue), this);
            grid = new QGridLayout(group);
            tiles->addWidget(group);
            groupQueue = spec.queue;
        }
        auto *button = new QToolButton(this);
        button->setAutoRaise(true);
        button->setToolTip(tr(spec.tip) + tr(" — click to see them"));
        button->setMinimumWidth(96);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        const QString state = QString::fromLatin1(spec.state);
        const Browse::Queue queue = spec.queue;
        connect(button, &QToolButton::clicked, this, [this, queue, state] { Q_EMIT queueChosen(queue, state); });
        grid->addWidget(button, 0, grid->count());
        m_tiles.push_back({queue, state, button});
        button->setProperty("label", tr(spec.label));
    }

    // The alert banner.
    m_banner = new QLabel(this);
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #7b1d16; border: 1px solid #e6a39c;"
                                           " border-radius: 4px; padding: 6px; }"));
    m_banner->setVisible(false);
    connect(m_banner, &QLabel::linkActivated, this, [this](const QString &link) {
        if (const auto object = HistoryLink::parse(link))
            Q_EMIT historyChosen(object->first, object->second);
        else
            Q_EMIT alertsChosen();
    });

    // Rates over time.
    m_taken = makeSeries(tr("taken"), QColor(0x29, 0x80, 0xb9));
    m_delivered = makeSeries(tr("delivered"), QColor(0x27, 0xae, 0x60));
    m_failed = makeSeries(tr("failed"), QColor(0xc0, 0x39, 0x2b));
    auto *chart = new QChart;
    chart->addSeries(m_taken);
    chart->addSeries(m_delivered);
    chart->addSeries(m_failed);
    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setFormat(QStringLiteral("HH:mm"));
    m_timeAxis->setTickCount(6);
    m_rateAxis = new QValueAxis;
    m_rateAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_rateAxis->setTitleText(tr("per second"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_rateAxis, Qt::AlignLeft);
    for (QLineSeries *s : {m_taken, m_delivered, m_failed}) {
        s->attachAxis(m_timeAxis);
        s->attachAxis(m_rateAxis);
    }
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    // Follow the system's palette, light or dark.
    chart->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark
                                                                        : QChart::ChartThemeLight);
    for (QLineSeries *s : {m_taken, m_delivered, m_failed}) {
        QPen pen = s->pen();
        pen.setWidthF(1.6);
        s->setPen(pen);
    }
    m_taken->setColor(QColor(0x29, 0x80, 0xb9));
    m_delivered->setColor(QColor(0x27, 0xae, 0x60));
    m_failed->setColor(QColor(0xc0, 0x39, 0x2b));
    auto *chartView = new QChartView(chart, this);
    chartView->setRenderHint(QPainter::Antialiasing);
    chartView->setMinimumHeight(220);
    m_span = new QComboBox(this);
    m_span->addItem(tr("Last 5 minutes"), 5);
    m_span->addItem(tr("Last 60 minutes"), 60);
    connect(m_span, &QComboBox::currentIndexChanged, this, &DashboardView::updateChart);
    auto *chartHeader = new QHBoxLayout;
    chartHeader->addWidget(new QLabel(tr("<b>Messages taken, deliveries made and failed</b>"), this));
    chartHeader->addStretch();
    chartHeader->addWidget(m_span);

    // Endpoint health.
    m_endpoints = new EndpointsModel(backend, this);
    m_health = new QTableView(this);
    m_health->setModel(m_endpoints);
    m_health->setColumnHidden(EndpointsModel::Url, true);
    m_health->verticalHeader()->hide();
    m_health->setSelectionMode(QAbstractItemView::NoSelection);
    m_health->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_health->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_health->horizontalHeader()->setStretchLastSection(true);
    m_health->setAlternatingRowColors(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(tiles);
    layout->addLayout(chartHeader);
    layout->addWidget(chartView, 3);
    layout->addWidget(new QLabel(tr("<b>Endpoints</b>"), this));
    layout->addWidget(m_health, 2);
    m_stores = new QLabel(this);
    m_stores->setWordWrap(true);
    layout->addWidget(new QLabel(tr("<b>Stores</b>"), this));
    layout->addWidget(m_stores);
    m_refused = new QLabel(this);
    m_refused->setWordWrap(true);
    m_refused->setTextFormat(Qt::RichText);
    connect(m_refused, &QLabel::linkActivated, this, [this] {
        auto *dialog = new RefusedPushesDialog(m_backend, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    layout->addWidget(m_refused);

    connect(&m_backend, &Backend::tick, this, [this] {
        updateTiles();
        updateRefused();
        if (isVisible())
            updateChart();
    });
    connect(&m_backend, &Backend::alertsChanged, this, &DashboardView::updateBanner);
    connect(&m_backend, &Backend::heartbeatsChanged, this, &DashboardView::updateStores);
    connect(&m_backend, &Backend::configurationChanged, this, &DashboardView::updateStores);
    updateStores();
    updateTiles();
    updateChart();
    updateBanner();
    updateRefused();
}

void DashboardView::updateRefused()
{
    const PushRefusals &refusals = m_backend.engine().pushRefusals();
    const qint64 total = refusals.total();
    if (total == m_refusedShown)
        return;
    m_refusedShown = total;
    if (total == 0) {
        m_refused->setText(tr("No push has been refused since Integrator started."));
        return;
    }
    // The most common reason first.
    std::vector<std::pair<QString, qint64>> reasons;
    for (const auto &[reason, n] : refusals.countsByReason())
        reasons.emplace_back(reason, n);
    std::stable_sort(reasons.begin(), reasons.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList parts;
    for (const auto &[reason, n] : reasons)
        parts << QStringLiteral("%1 %2").arg(QLocale().toString(n), reason.toHtmlEscaped());
    m_refused->setText(tr("<b>%1 refused</b> since Integrator started: %2. <a href=\"refused\">Show them</a>")
                           .arg(counted(total, tr("push"), tr("pushes")), parts.join(QStringLiteral(", "))));
}

void DashboardView::updateStores()
{
    QStringList lines;
    for (const engine::Store &s : m_backend.configuration().stores) {
        const auto beat = m_backend.heartbeats().find(s.id);
        lines << heartbeatText(s, beat == m_backend.heartbeats().end() ? nullptr : &beat->second);
    }
    m_stores->setText(lines.isEmpty() ? tr("No store yet.") : lines.join(QStringLiteral("<br>")));
}

std::pair<double, int> DashboardView::rateAxis() const
{
    return {m_rateAxis->max(), m_rateAxis->tickCount()};
}

void DashboardView::setChartMinutes(int minutes)
{
    m_span->setCurrentIndex(minutes >= 60 ? 1 : 0);
}

qint64 DashboardView::tileCount(Browse::Queue queue, const QString &state) const
{
    for (const Tile &t : m_tiles)
        if (t.queue == queue && t.state == state)
            return t.count;
    return -1;
}

void DashboardView::updateTiles()
{
    const QLocale locale;
    const auto incoming = m_backend.engine().counts().counts(QueueCounts::Queue::Incoming);
    const auto deliveries = m_backend.engine().counts().counts(QueueCounts::Queue::Accepted);
    for (Tile &t : m_tiles) {
        const auto &source = t.queue == Browse::Queue::Incoming ? incoming : deliveries;
        const auto found = source.find(t.state);
        const qint64 count = found == source.end() ? 0 : found->second;
        if (count == t.count)
            continue;
        t.count = count;
        t.button->setText(QStringLiteral("%1\n%2").arg(locale.toString(count), t.button->property("label").toString()));
        QFont font = t.button->font();
        font.setPointSizeF(QWidget::font().pointSizeF() * 1.15);
        font.setBold(t.state == QLatin1String("parked") && count > 0);
        t.button->setFont(font);
    }
}

void DashboardView::updateChart()
{
    // Five minutes a point per second; an hour a point per ten seconds (their mean), so the chart stays light.
    const int minutes = m_span->currentData().toInt();
    const int bucket = minutes >= 60 ? 10 : 1;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 since = now - qint64(minutes) * 60'000;
    QList<QPointF> taken, delivered, failed;
    double top = 10;
    const auto &rates = m_backend.rates();
    auto it = std::lower_bound(rates.begin(), rates.end(), since,
                               [](const Backend::Rate &r, qint64 at) { return r.atMs < at; });
    while (it != rates.end()) {
        double t = 0, d = 0, f = 0;
        int n = 0;
        const qint64 at = it->atMs;
        for (; it != rates.end() && n < bucket; ++it, ++n) {
            t += it->taken;
            d += it->delivered;
            f += it->failed;
        }
        t /= n;
        d /= n;
        f /= n;
        taken << QPointF(double(at), t);
        delivered << QPointF(double(at), d);
        failed << QPointF(double(at), f);
        top = std::max({top, t, d, f});
    }
    m_taken->replace(taken);
    m_delivered->replace(delivered);
    m_failed->replace(failed);
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(since), QDateTime::fromMSecsSinceEpoch(now));
    // Ticks at round numbers (0, 20, 40, 60, 80 rather than 0, 18, 35, 53, 70): a step of 1, 2 or 5 times a
    // power of ten, at most five of them up to a top just above the highest point.
    double magnitude = 1;
    while (magnitude * 10 <= top * 1.1)
        magnitude *= 10;
    double step = magnitude;
    for (double factor : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0}) {
        if (top * 1.1 / (magnitude * factor) <= 5) {
            step = magnitude * factor;
            break;
        }
    }
    step = std::max(step, 1.0);
    const int ticks = int(std::ceil(top * 1.1 / step));
    m_rateAxis->setRange(0, ticks * step);
    m_rateAxis->setTickCount(ticks + 1);
}

void DashboardView::updateBanner()
{
    int open = 0;
    QString first;
    QString history; // a link to the first alert's endpoint or store, whose history tells more
    for (const auto &a : m_backend.alerts()) {
        if (!a.isOpen())
            continue;
        if (open++ == 0) {
            first = QStringLiteral("%1 — %2: %3").arg(AlertsView::describeKind(a.kind), a.subject, a.detail);
            if (const auto [type, id] = Alerts::objectOf(a.kind, a.subject); !type.isEmpty())
                history = QLatin1Char(' ') + HistoryLink::anchor(type, id, tr("Its history")) + QStringLiteral(" ·");
        }
    }
    m_banner->setVisible(open > 0);
    if (open > 0) {
        m_banner->setText(tr("<b>%1 open.</b> %2%3 <a href=\"alerts\">Show alerts</a>")
                              .arg(counted(open, tr("alert"), tr("alerts")), first.toHtmlEscaped(), history));
    }
}

} // namespace ui
