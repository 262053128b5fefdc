#include "MessageDetailView.h"

#include "HistoryLink.h"
#include "message/MessageObjects.h"
#include "message/MessageState.h"

#include "Backend.h"
#include "JsonTreeModel.h"
#include "RowsModel.h"
#include "dispatch/DeliveryActions.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {

// What of a message's detail can change once it is stored: its state, its copies and their attempts, the
// messages made from it and its events. The same text means nothing on screen would move.
QString stateOf(const Browse::Detail &d)
{
    QStringList parts{QLatin1String(messageStateName(d.message.state)), QString::fromStdString(d.message.reason),
                      d.parentType};
    for (const Browse::Copy &c : d.copies)
        parts << c.delivery.id << c.delivery.state << QString::number(c.delivery.attempts) << c.delivery.note
              << QString::number(c.delivery.dueAtMs);
    for (const Browse::Row &r : d.children)
        parts << r.id << r.state;
    for (const Browse::Event &e : d.events)
        parts << QString::number(e.occurrences) << QString::number(e.lastSeenMs);
    return parts.join(QLatin1Char('\x1f'));
}

} // namespace

MessageDetailView::MessageDetailView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    m_title = new QLabel(this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    m_attributes = new QLabel(this);
    m_attributes->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_attributes->setWordWrap(true);
    connect(m_attributes, &QLabel::linkActivated, this, [this](const QString &link) {
        if (const auto object = HistoryLink::parse(link))
            Q_EMIT historyRequested(object->first, object->second);
        else
            Q_EMIT openRequested(link);
    });

    auto *tabs = new QTabWidget(this);

    // Payload
    auto *payload = new QWidget;
    m_json = new JsonTreeModel(this);
    m_tree = new QTreeView(payload);
    m_tree->setModel(m_json);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto *copy = new QPushButton(tr("Copy as JSON"), payload);
    copy->setToolTip(tr("Copy the whole message, as it was taken in, to the clipboard"));
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(QString::fromStdString(m_json->document().dump(2))); });
    auto *expand = new QPushButton(tr("Expand all"), payload);
    connect(expand, &QPushButton::clicked, m_tree, &QTreeView::expandAll);
    auto *collapse = new QPushButton(tr("Collapse"), payload);
    connect(collapse, &QPushButton::clicked, m_tree, [this] {
        m_tree->collapseAll();
        m_tree->expandToDepth(0);
    });
    auto *payloadButtons = new QHBoxLayout;
    payloadButtons->addWidget(copy);
    payloadButtons->addWidget(expand);
    payloadButtons->addWidget(collapse);
    payloadButtons->addStretch();
    auto *payloadLayout = new QVBoxLayout(payload);
    payloadLayout->addLayout(payloadButtons);
    payloadLayout->addWidget(m_tree);
    tabs->addTab(payload, tr("Payload"));

    // Copies and their attempts
    auto *copies = new QWidget;
    m_copies = new QTreeWidget(copies);
    m_copies->setObjectName(QStringLiteral("copies"));
    m_copies->setHeaderLabels(
        {tr("Delivery / attempt"), tr("Endpoint / time"), tr("State / status"), tr("Attempts / took"), tr("Error")});
    m_copies->setRootIsDecorated(true);
    m_copies->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_retry = new QPushButton(tr("Retry"), copies);
    m_retry->setToolTip(tr("Send the chosen delivery again now (parked or retrying ones)"));
    m_archive = new QPushButton(tr("Archive"), copies);
    m_archive->setToolTip(tr("Mark the chosen delivery done without sending it"));
    m_resend = new QPushButton(tr("Resend"), copies);
    m_resend->setToolTip(tr("Send an archived delivery again, under the same message_id"));
    m_discard = new QPushButton(tr("Discard"), copies);
    m_discard->setToolTip(tr("Drop the chosen delivery without sending it"));
    for (auto [button, action] : {std::pair{m_retry, "retry"}, std::pair{m_archive, "archive"},
                                  std::pair{m_resend, "resend"}, std::pair{m_discard, "discard"}}) {
        connect(button, &QPushButton::clicked, this,
                [this, action = QString::fromLatin1(action)] { Q_EMIT actionRequested(action, selectedDelivery()); });
    }
    connect(m_copies, &QTreeWidget::currentItemChanged, this, &MessageDetailView::updateButtons);
    auto *copyButtons = new QHBoxLayout;
    for (QPushButton *b : {m_retry, m_archive, m_resend, m_discard})
        copyButtons->addWidget(b);
    copyButtons->addStretch();
    auto *copiesLayout = new QVBoxLayout(copies);
    copiesLayout->addWidget(m_copies);
    copiesLayout->addLayout(copyButtons);
    tabs->addTab(copies, tr("Deliveries"));

    // Parent and children
    m_related = new QTreeWidget;
    m_related->setHeaderLabels({tr("Relation"), tr("Type"), tr("State"), tr("Id")});
    m_related->setRootIsDecorated(false);
    m_related->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_related, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { Q_EMIT openRequested(item->text(3)); });
    tabs->addTab(m_related, tr("Related"));

    // Events
    m_events = new QTreeWidget;
    m_events->setHeaderLabels({tr("Level"), tr("Subject"), tr("Description"), tr("From"), tr("Last seen")});
    m_events->setRootIsDecorated(false);
    m_events->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tabs->addTab(m_events, tr("Events"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_attributes);
    layout->addWidget(tabs, 1);
    connect(&backend, &Backend::tick, this, &MessageDetailView::refresh);
    clear();
}

void MessageDetailView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh(); // it may have moved while out of sight
}

void MessageDetailView::clear()
{
    m_id.clear();
    m_drawnState.clear();
    m_drawnMessage.clear();
    ++m_generation;
    m_title->setText(tr("Choose a row to see its message"));
    m_attributes->clear();
    m_json->setDocument(Json::object());
    m_copies->clear();
    m_related->clear();
    m_events->clear();
    updateButtons();
}

void MessageDetailView::show(const QString &id)
{
    m_id = id;
    const int generation = ++m_generation;
    m_backend.read<Result<std::optional<Browse::Detail>>>(
        this, [id](ReadConnection &c) { return Browse::detail(c.database(), id); },
        [this, generation](Result<std::optional<Browse::Detail>> detail) {
            if (generation != m_generation)
                return;
            if (!detail) {
                m_title->setText(tr("Cannot read this message: %1").arg(detail.error().text()));
                return;
            }
            if (!detail->has_value()) {
                m_title->setText(tr("There is no message or delivery %1").arg(m_id));
                return;
            }
            fill(**detail);
        });
}

void MessageDetailView::refresh()
{
    if (m_id.isEmpty() || m_reading || !isVisible())
        return;
    m_reading = true;
    const int generation = m_generation;
    m_backend.read<Result<std::optional<Browse::Detail>>>(
        this, [id = m_id](ReadConnection &c) { return Browse::detail(c.database(), id); },
        [this, generation](Result<std::optional<Browse::Detail>> detail) {
            m_reading = false;
            if (generation != m_generation)
                return; // another message was chosen meanwhile
            if (!detail)
                return; // a read that failed now may not next time; what is shown stays
            if (!detail->has_value()) {
                m_title->setText(tr("Message %1 is no longer kept (the retention setting removed it)").arg(m_id));
                return;
            }
            if (stateOf(**detail) != m_drawnState)
                fill(**detail);
        });
}

QString MessageDetailView::selectedDelivery() const
{
    QTreeWidgetItem *item = m_copies->currentItem();
    while (item && item->parent())
        item = item->parent();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void MessageDetailView::updateButtons()
{
    QTreeWidgetItem *item = m_copies->currentItem();
    while (item && item->parent())
        item = item->parent();
    const QString state = item ? item->data(2, Qt::UserRole).toString() : QString();
    // Each button as the engine's own rule for its action has it.
    const std::optional<engine::DeliveryState> s = engine::deliveryStateFromName(state.toStdString());
    const auto can = [&](engine::DeliveryActions::Action action) {
        return s && !engine::DeliveryActions::statesFor(action, {*s}).empty();
    };
    m_retry->setEnabled(can(engine::DeliveryActions::Action::Retry));
    m_archive->setEnabled(can(engine::DeliveryActions::Action::Archive));
    m_discard->setEnabled(can(engine::DeliveryActions::Action::Discard));
    m_resend->setEnabled(can(engine::DeliveryActions::Action::Resend));
}

void MessageDetailView::fill(const Browse::Detail &d)
{
    const StoredMessage &m = d.message;
    m_title->setText(QStringLiteral("%1  %2").arg(QString::fromStdString(m.type), QString::fromStdString(m.id)));
    QStringList lines;
    lines << tr("<b>State</b> %1%2")
                 .arg(stateLabel(QLatin1String(messageStateName(m.state))),
                      m.reason.empty() ? QString()
                                       : QStringLiteral(" — ") + QString::fromStdString(m.reason).toHtmlEscaped());
    lines << tr("<b>Received</b> %1 &nbsp; <b>Store</b> %2 &nbsp; <b>Source</b> %3")
                 .arg(timeText(m.receivedAt), QString::fromStdString(m.storeId).toHtmlEscaped(),
                      QString::fromStdString(m.source).toHtmlEscaped());
    // How far it is from what was pushed or polled: said only for a message made from another.
    if (m.depth > 0)
        lines.back() += tr(" &nbsp; <b>Derived</b> %1 from a pushed or polled message (past 8, a chain is refused)")
                            .arg(m.depth == 1 ? tr("1 step") : tr("%1 steps").arg(m.depth));
    if (!m.parentId.empty()) {
        const QString parent = QString::fromStdString(m.parentId);
        lines << tr("<b>Came from</b> %1 <a href=\"%2\">%2</a>")
                     .arg(d.parentType.isEmpty() ? tr("(gone)") : d.parentType, parent);
    }
    QStringList objects;
    for (const ObjectRef &o : objectsOf(m.type, m.payloadText)) {
        const QString type = QString::fromStdString(o.type), id = QString::fromStdString(o.id);
        objects << HistoryLink::anchor(type, id, QStringLiteral("%1 %2").arg(type, id));
    }
    if (!objects.isEmpty())
        lines << tr("<b>History of</b> %1").arg(objects.join(QStringLiteral(", ")));
    m_attributes->setText(lines.join(QStringLiteral("<br>")));

    // A message never changes once stored: its payload is drawn once, and stays as the reader left it.
    const bool again = m_drawnMessage == QString::fromStdString(m.id);
    if (!again) {
        m_json->setDocument(m.document());
        m_tree->expandToDepth(1);
    }
    fillCopies(d, again);

    m_related->clear();
    if (!m.parentId.empty())
        new QTreeWidgetItem(
            m_related, {tr("parent (%1)").arg(d.parentType), QString(), QString(), QString::fromStdString(m.parentId)});
    for (const Browse::Row &child : d.children)
        new QTreeWidgetItem(m_related,
                            {tr("child (from %1)").arg(child.source), child.type, stateLabel(child.state), child.id});

    m_events->clear();
    for (const Browse::Event &e : d.events) {
        new QTreeWidgetItem(m_events, {e.level, e.subject, e.description, e.origin,
                                       e.occurrences > 1 ? tr("%1 (×%2)").arg(timeText(e.lastSeenMs)).arg(e.occurrences)
                                                         : timeText(e.lastSeenMs)});
    }
    m_drawnState = stateOf(d);
    m_drawnMessage = QString::fromStdString(m.id);
}

void MessageDetailView::fillCopies(const Browse::Detail &d, bool keepChoice)
{
    // Redrawn in place, the copy the reader chose and the ones they opened stay so.
    QString chosen = keepChoice ? selectedDelivery() : d.focusDelivery;
    QSet<QString> open;
    for (int i = 0; keepChoice && i < m_copies->topLevelItemCount(); ++i) {
        if (m_copies->topLevelItem(i)->isExpanded())
            open << m_copies->topLevelItem(i)->data(0, Qt::UserRole).toString();
    }
    if (!keepChoice && !chosen.isEmpty())
        open << chosen;
    m_copies->clear();
    QTreeWidgetItem *focus = nullptr;
    for (const Browse::Copy &c : d.copies) {
        auto *item =
            new QTreeWidgetItem(m_copies, {c.delivery.id, c.delivery.endpoint, stateLabel(shownState(c.delivery)),
                                           QString::number(c.delivery.attempts), c.delivery.note});
        item->setData(0, Qt::UserRole, c.delivery.id);
        item->setData(2, Qt::UserRole, c.delivery.state);
        item->setForeground(2, stateColour(shownState(c.delivery)).value<QColor>());
        for (const Browse::Attempt &a : c.attempts) {
            auto *attempt = new QTreeWidgetItem(item, {tr("attempt %1").arg(a.number), timeText(a.startedAtMs),
                                                       a.status ? QString::number(a.status) : tr("no answer"),
                                                       tr("%1 ms").arg(a.durationMs), a.error});
            if (!a.response.isEmpty()) {
                auto *reply =
                    new QTreeWidgetItem(attempt, {tr("reply"), QString(), QString(), QString(), a.response.left(2000)});
                reply->setToolTip(4, a.response.left(20000));
            }
        }
        if (c.delivery.id == chosen)
            focus = item;
        item->setExpanded(open.contains(c.delivery.id));
    }
    if (focus) {
        m_copies->setCurrentItem(focus);
    } else if (m_copies->topLevelItemCount() > 0) {
        m_copies->setCurrentItem(m_copies->topLevelItem(0));
    }
    updateButtons();
}

} // namespace ui
