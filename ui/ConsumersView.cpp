#include "ConsumersView.h"

#include "Backend.h"
#include "ConsumerDialog.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {
enum Column { Name, Types, Each, Emits, On, Emitted, LastEmitted };
} // namespace

ConsumersView::ConsumersView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    m_list = new QTreeWidget(this);
    m_list->setHeaderLabels(
        {tr("Name"), tr("Types"), tr("For each"), tr("Emits"), tr("On"), tr("Emitted"), tr("Last emitted")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_list, &QTreeWidget::itemActivated, this, &ConsumersView::editCurrent);
    auto *add = new QPushButton(QIcon(QStringLiteral(":/icons/add.svg")), tr("Add…"), this);
    auto *edit = new QPushButton(QIcon(QStringLiteral(":/icons/edit.svg")), tr("Edit…"), this);
    auto *remove = new QPushButton(QIcon(QStringLiteral(":/icons/remove.svg")), tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, &ConsumersView::add);
    connect(edit, &QPushButton::clicked, this, &ConsumersView::editCurrent);
    connect(remove, &QPushButton::clicked, this, &ConsumersView::removeCurrent);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(edit);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *about = new QLabel(tr("A consumer looks at every message taken in and may emit new ones from it, which "
                                "are delivered like any other: endpoints that want only canceled orders, or "
                                "each shipment ready to go, subscribe to what it emits."),
                             this);
    about->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addLayout(buttons);
    layout->addWidget(m_list, 1);
    connect(&m_backend, &Backend::configurationChanged, this, &ConsumersView::reload);
    connect(&m_backend, &Backend::tick, this, &ConsumersView::readCounts);
    reload();
    readCounts();
}

void ConsumersView::readCounts()
{
    if (m_reading || !isVisible())
        return;
    m_reading = true;
    m_backend.read<Result<std::map<qint64, ConsumerStore::Count>>>(
        this, [](ReadConnection &c) { return ConsumerStore::counts(c.database()); },
        [this](Result<std::map<qint64, ConsumerStore::Count>> counts) {
            m_reading = false;
            if (!counts || *counts == m_counts)
                return;
            m_counts = std::move(counts).value();
            reload();
        });
}

void ConsumersView::reload()
{
    const qint64 current = m_list->currentItem() ? m_list->currentItem()->data(0, Qt::UserRole).toLongLong() : 0;
    m_list->clear();
    const QLocale locale;
    for (const Consumer &c : m_backend.configuration().consumers) {
        const auto count = m_counts.find(c.id);
        const ConsumerStore::Count n = count == m_counts.end() ? ConsumerStore::Count{} : count->second;
        auto *item = new QTreeWidgetItem(
            m_list, {c.name, c.messages.join(QStringLiteral(", ")), c.each, c.emits, c.enabled ? tr("yes") : tr("no"),
                     locale.toString(n.emitted),
                     n.lastEmittedAtMs
                         ? locale.toString(QDateTime::fromMSecsSinceEpoch(n.lastEmittedAtMs), QLocale::ShortFormat)
                         : tr("never")});
        item->setData(0, Qt::UserRole, c.id);
        item->setTextAlignment(Emitted, Qt::AlignRight | Qt::AlignVCenter);
        if (!c.enabled)
            item->setForeground(On, palette().brush(QPalette::Disabled, QPalette::Text));
        if (c.id == current)
            m_list->setCurrentItem(item);
    }
}

void ConsumersView::add()
{
    Consumer c;
    c.messages = {QStringLiteral("order:new"), QStringLiteral("order:updated")};
    ConsumerDialog dialog(m_backend, c, this);
    dialog.exec();
}

void ConsumersView::editCurrent()
{
    if (!m_list->currentItem())
        return;
    const qint64 id = m_list->currentItem()->data(0, Qt::UserRole).toLongLong();
    for (const Consumer &c : m_backend.configuration().consumers) {
        if (c.id == id) {
            ConsumerDialog dialog(m_backend, c, this);
            dialog.exec();
            return;
        }
    }
}

void ConsumersView::removeCurrent()
{
    if (!m_list->currentItem())
        return;
    const qint64 id = m_list->currentItem()->data(0, Qt::UserRole).toLongLong();
    const QString name = m_list->currentItem()->text(Name);
    if (QMessageBox::question(this, tr("Remove consumer"),
                              tr("Remove the consumer %1? What it emitted stays; it emits nothing more.").arg(name)) !=
        QMessageBox::Yes)
        return;
    m_backend.owner().removeConsumer(id, m_backend.answer<void>(this, [this](const Status &status) {
        if (!status)
            QMessageBox::warning(this, tr("Remove consumer"), status.error().text());
    }));
}

} // namespace ui
