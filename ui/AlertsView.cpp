#include "AlertsView.h"

#include "Backend.h"
#include "alerts/Alerts.h"

#include <QCheckBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {

QString when(qint64 ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace

QString AlertsView::describeKind(const QString &kind)
{
    if (kind == Alerts::EndpointFailing)
        return tr("Endpoint failing");
    if (kind == Alerts::EndpointPaused)
        return tr("Endpoint paused");
    if (kind == Alerts::EndpointDegraded)
        return tr("Endpoint degraded");
    if (kind == Alerts::StorePushRefused)
        return tr("Store's pushes refused");
    if (kind == Alerts::RetentionFailing)
        return tr("Archive not trimmed");
    if (kind == Alerts::DatabaseFull)
        return tr("Database out of space");
    if (kind == Alerts::ConsumersOffered)
        return tr("New consumers, turned off");
    QString text = kind;
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

AlertsView::AlertsView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    m_list = new QTreeWidget(this);
    m_list->setHeaderLabels(
        {tr("State"), tr("Alert"), tr("About"), tr("Detail"), tr("Raised"), tr("Resolved"), tr("Seen")});
    m_list->headerItem()->setToolTip(6, tr("When you acknowledged it"));
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // The detail takes the room there is, the other columns only what they hold; the chosen alert's detail
    // is shown whole below the list.
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(3, QHeaderView::Stretch);

    m_showPast = new QCheckBox(tr("Show past alerts"), this);
    m_showPast->setChecked(true);
    m_acknowledge = new QPushButton(tr("Acknowledge"), this);
    m_acknowledge->setToolTip(tr("Mark the chosen alerts as seen. They stay open until their cause is gone."));
    m_acknowledgeAll = new QPushButton(tr("Acknowledge all open"), this);
    connect(m_showPast, &QCheckBox::toggled, this, &AlertsView::reload);
    connect(m_acknowledge, &QPushButton::clicked, this, &AlertsView::acknowledgeSelected);
    connect(m_acknowledgeAll, &QPushButton::clicked, this, &AlertsView::acknowledgeAll);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this,
            [this] { m_acknowledge->setEnabled(!m_list->selectedItems().isEmpty()); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_acknowledge);
    buttons->addWidget(m_acknowledgeAll);
    buttons->addStretch();
    buttons->addWidget(m_showPast);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_list, 1);
    auto *detail = new QLabel(this);
    detail->setWordWrap(true);
    detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_list, &QTreeWidget::currentItemChanged, detail,
            [detail](QTreeWidgetItem *item) { detail->setText(item ? item->toolTip(3) : QString()); });
    layout->addWidget(detail);
    connect(&m_backend, &Backend::alertsChanged, this, &AlertsView::reload);
    reload();
}

void AlertsView::reload()
{
    QList<qint64> selected;
    for (QTreeWidgetItem *item : m_list->selectedItems())
        selected << item->data(0, Qt::UserRole).toLongLong();
    m_list->clear();
    bool anyOpenUnseen = false;
    for (const Alerts::Alert &a : m_backend.alerts()) {
        if (!a.isOpen() && !m_showPast->isChecked())
            continue;
        auto *item =
            new QTreeWidgetItem(m_list, {a.isOpen() ? tr("Open") : tr("Resolved"), describeKind(a.kind), a.subject,
                                         a.detail, when(a.raisedAtMs), when(a.resolvedAtMs), when(a.acknowledgedAtMs)});
        item->setData(0, Qt::UserRole, a.id);
        item->setToolTip(3, a.detail);
        if (a.isOpen()) {
            QFont bold = item->font(0);
            bold.setBold(a.acknowledgedAtMs == 0);
            for (int c = 0; c < m_list->columnCount(); ++c)
                item->setFont(c, bold);
            item->setForeground(0, QColor(0xc0, 0x39, 0x2b));
            anyOpenUnseen = anyOpenUnseen || a.acknowledgedAtMs == 0;
        }
        item->setSelected(selected.contains(a.id));
    }
    m_acknowledge->setEnabled(!m_list->selectedItems().isEmpty());
    m_acknowledgeAll->setEnabled(anyOpenUnseen);
}

void AlertsView::acknowledgeSelected()
{
    QList<qint64> ids;
    for (QTreeWidgetItem *item : m_list->selectedItems())
        ids << item->data(0, Qt::UserRole).toLongLong();
    acknowledge(ids);
}

void AlertsView::acknowledgeAll()
{
    QList<qint64> ids;
    for (const Alerts::Alert &a : m_backend.alerts())
        if (a.isOpen() && a.acknowledgedAtMs == 0)
            ids << a.id;
    acknowledge(ids);
}

void AlertsView::acknowledge(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return;
    m_backend.owner().acknowledgeAlerts({ids.begin(), ids.end()},
                                        m_backend.answer<void>(this, [this](const Status &status) {
                                            if (!status)
                                                QMessageBox::warning(this, tr("Acknowledge"), status.error().text());
                                        }));
}

} // namespace ui
