#include "SubscriptionsView.h"

#include "Counted.h"
#include "DurationText.h"
#include "FilterEditor.h"

#include "Backend.h"
#include "SubscriptionDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

SubscriptionsView::SubscriptionsView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    m_list = new QTreeWidget(this);
    m_list->setHeaderLabels({tr("Endpoint"), tr("Types"), tr("Path"), tr("Parameters"), tr("Store"), tr("Filters"),
                             tr("Identifiers"), tr("Retries"), tr("On")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_list, &QTreeWidget::itemActivated, this, &SubscriptionsView::editCurrent);
    auto *add = new QPushButton(QIcon(QStringLiteral(":/icons/add.svg")), tr("Add…"), this);
    auto *edit = new QPushButton(QIcon(QStringLiteral(":/icons/edit.svg")), tr("Edit…"), this);
    auto *remove = new QPushButton(QIcon(QStringLiteral(":/icons/remove.svg")), tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, &SubscriptionsView::add);
    connect(edit, &QPushButton::clicked, this, &SubscriptionsView::editCurrent);
    connect(remove, &QPushButton::clicked, this, &SubscriptionsView::removeCurrent);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(edit);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_list, 1);
    connect(&m_backend, &Backend::configurationChanged, this, &SubscriptionsView::reload);
    reload();
}

namespace {

// An API key or password among a subscription's parameters is not shown in a list anyone may glance at.
bool looksSecret(const QString &name)
{
    const QString n = name.toLower();
    for (const char *word : {"key", "token", "secret", "password"}) {
        if (n.contains(QLatin1String(word)))
            return true;
    }
    return false;
}

} // namespace

void SubscriptionsView::reload()
{
    const qint64 current = m_list->currentItem() ? m_list->currentItem()->data(0, Qt::UserRole).toLongLong() : 0;
    m_list->clear();
    for (const Subscription &s : m_backend.configuration().subscriptions) {
        QStringList filters;
        for (const FilterRule &f : s.filters)
            filters << QStringLiteral("%1 %2 %3")
                           .arg(QString::fromStdString(f.path), QString::fromStdString(f.op),
                                f.value.is_null() ? QString() : QString::fromStdString(f.value.dump()));
        QStringList identifiers;
        for (const Identifier &i : s.identifiers)
            identifiers << i.name;
        QStringList parameters;
        for (const Parameter &p : s.parameters)
            parameters << QStringLiteral("%1 = %2").arg(p.name, looksSecret(p.name) ? QStringLiteral("••••••")
                                                                                    : FilterEditor::valueText(p.value));
        auto *item = new QTreeWidgetItem(
            m_list,
            {s.endpoint, s.messages.join(QStringLiteral(", ")), s.path, parameters.join(QStringLiteral(", ")),
             s.store.isEmpty() ? tr("every store") : s.store,
             filters.join(s.match == MatchRule::All ? tr(" and ") : tr(" or ")), identifiers.join(QStringLiteral(", ")),
             s.retries.allowed ? scheduleText(s.retries.scheduleS) : tr("none: parked at the first failure"),
             s.enabled ? tr("yes") : tr("no")});
        item->setData(0, Qt::UserRole, s.id);
        if (s.id == current)
            m_list->setCurrentItem(item);
    }
}

void SubscriptionsView::add()
{
    Subscription s;
    s.messages = {QStringLiteral("order:new")};
    s.retries.scheduleS = m_backend.hubSettings().defaultRetryScheduleS;
    if (!m_backend.configuration().endpoints.empty())
        s.endpoint = m_backend.configuration().endpoints.front().name;
    SubscriptionDialog dialog(m_backend, s, this);
    dialog.exec();
}

void SubscriptionsView::editCurrent()
{
    if (!m_list->currentItem())
        return;
    const qint64 id = m_list->currentItem()->data(0, Qt::UserRole).toLongLong();
    for (const Subscription &s : m_backend.configuration().subscriptions) {
        if (s.id == id) {
            SubscriptionDialog dialog(m_backend, s, this);
            dialog.exec();
            return;
        }
    }
}

void SubscriptionsView::removeCurrent()
{
    if (!m_list->currentItem())
        return;
    const qint64 id = m_list->currentItem()->data(0, Qt::UserRole).toLongLong();
    if (QMessageBox::question(this, tr("Remove subscription"), tr("Remove this subscription?")) != QMessageBox::Yes)
        return;
    m_backend.owner().removeSubscription(id, m_backend.answer<void>(this, [this](const Status &status) {
        if (!status)
            QMessageBox::warning(this, tr("Remove subscription"), status.error().text());
    }));
}

} // namespace ui
