#include "MessagesView.h"
#include "Counted.h"

#include "Backend.h"
#include "MessageDetailView.h"
#include "RowsModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDataStream>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {

DeliveryActions::Action actionFrom(const QString &name)
{
    if (name == QLatin1String("archive"))
        return DeliveryActions::Action::Archive;
    if (name == QLatin1String("resend"))
        return DeliveryActions::Action::Resend;
    if (name == QLatin1String("discard"))
        return DeliveryActions::Action::Discard;
    return DeliveryActions::Action::Retry;
}

} // namespace

MessagesView::MessagesView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    m_model = new RowsModel(backend, this);
    m_queues = new QTabBar(this);
    m_queues->addTab(tr("Incoming"));
    m_queues->addTab(tr("Accepted"));
    m_queues->addTab(tr("Archive"));
    m_queues->setTabToolTip(0, tr("Every message as it came in"));
    m_queues->setTabToolTip(1, tr("Copies still to be delivered: pending, retrying, scheduled, parked"));
    m_queues->setTabToolTip(2, tr("Copies that are done: delivered, or archived or discarded by you"));

    m_state = new QComboBox(this);
    m_type = new QComboBox(this);
    m_type->setEditable(true);
    m_type->setMinimumContentsLength(16);
    m_type->setToolTip(tr("A message type, like order:new"));
    m_store = new QComboBox(this);
    m_endpoint = new QComboBox(this);
    m_useFrom = new QCheckBox(tr("From"), this);
    m_from = new QDateTimeEdit(QDateTime::currentDateTime().addDays(-1), this);
    m_from->setCalendarPopup(true);
    m_useTo = new QCheckBox(tr("to"), this);
    m_to = new QDateTimeEdit(QDateTime::currentDateTime(), this);
    m_to->setCalendarPopup(true);
    m_id = new QLineEdit(this);
    m_id->setPlaceholderText(tr("id, order or shipment number, SKU or e-mail"));
    m_id->setToolTip(tr("A message or delivery id, or what a message is about: an order or shipment number, a "
                        "product's SKU, a customer's e-mail"));
    m_id->setClearButtonEnabled(true);
    m_text = new QLineEdit(this);
    m_text->setPlaceholderText(tr("text in the payload"));
    m_text->setToolTip(tr("Searches the payloads from the newest back (a delivery's is its message's); on a large "
                          "archive this takes a while"));
    m_text->setClearButtonEnabled(true);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("State"), this));
    filters->addWidget(m_state);
    filters->addWidget(new QLabel(tr("Type"), this));
    filters->addWidget(m_type);
    filters->addWidget(new QLabel(tr("Store"), this));
    filters->addWidget(m_store);
    filters->addWidget(new QLabel(tr("Endpoint"), this));
    filters->addWidget(m_endpoint);
    filters->addWidget(m_useFrom);
    filters->addWidget(m_from);
    filters->addWidget(m_useTo);
    filters->addWidget(m_to);
    auto *search = new QHBoxLayout;
    search->addWidget(m_id, 1);
    search->addWidget(m_text, 1);
    m_count = new QLabel(this);
    search->addWidget(m_count);
    m_newer = new QPushButton(this);
    m_newer->setVisible(false);
    search->addWidget(m_newer);

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setColumnWidth(RowsModel::Time, 170);
    m_table->setColumnWidth(RowsModel::Type, 140);
    m_table->setColumnWidth(RowsModel::About, 150);
    m_table->setColumnWidth(RowsModel::State, 150);
    m_table->setColumnWidth(RowsModel::Where, 130);
    m_table->setColumnWidth(RowsModel::Note, 260);

    m_detail = new MessageDetailView(backend, this);

    m_retry = new QPushButton(QIcon(QStringLiteral(":/icons/retry.svg")), tr("Retry"), this);
    m_retry->setToolTip(tr("Send the chosen parked or retrying deliveries again now (Ctrl+R)"));
    m_archive = new QPushButton(QIcon(QStringLiteral(":/icons/archive.svg")), tr("Archive"), this);
    m_archive->setToolTip(tr("Mark the chosen deliveries done without sending them"));
    m_resend = new QPushButton(tr("Resend"), this);
    m_resend->setToolTip(tr("Send the chosen archived deliveries again, under the same message_id"));
    m_discard = new QPushButton(tr("Discard"), this);
    m_discard->setToolTip(tr("Drop the chosen deliveries without sending them"));
    m_retryEndpoint = new QPushButton(tr("Retry all parked for this endpoint…"), this);
    m_retryEndpoint->setToolTip(
        tr("Every parked delivery of the endpoint of the chosen row (or of the endpoint filter)"));
    auto *actions = new QHBoxLayout;
    for (QPushButton *b : {m_retry, m_archive, m_resend, m_discard, m_retryEndpoint})
        actions->addWidget(b);
    actions->addStretch();

    auto *listPane = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_table, 1);
    listLayout->addLayout(actions);
    m_split = new QSplitter(Qt::Vertical, this);
    m_split->addWidget(listPane);
    m_split->addWidget(m_detail);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_queues);
    layout->addLayout(filters);
    layout->addLayout(search);
    layout->addWidget(m_split, 1);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &MessagesView::applyFilter);
    auto soon = [this] {
        if (!m_filling)
            m_debounce->start();
    };
    connect(m_queues, &QTabBar::currentChanged, this, [this] {
        fillChoices();
        applyFilter();
    });
    for (QComboBox *box : {m_state, m_store, m_endpoint})
        connect(box, &QComboBox::currentIndexChanged, this, soon);
    connect(m_type, &QComboBox::currentTextChanged, this, soon);
    // Typing waits for a pause; a type chosen from the list applies at once.
    connect(m_type, &QComboBox::activated, this, [this] {
        if (!m_filling)
            applyFilter();
    });
    for (QCheckBox *box : {m_useFrom, m_useTo})
        connect(box, &QCheckBox::toggled, this, soon);
    for (QDateTimeEdit *edit : {m_from, m_to})
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this, soon] {
            if (m_useFrom->isChecked() || m_useTo->isChecked())
                soon();
        });
    for (QLineEdit *edit : {m_id, m_text})
        connect(edit, &QLineEdit::textChanged, this, soon);

    connect(m_model, &RowsModel::totalChanged, this, &MessagesView::updateBanner);
    connect(m_model, &RowsModel::newerChanged, this, &MessagesView::updateBanner);
    connect(m_model, &RowsModel::loaded, this, &MessagesView::updateBanner);
    connect(m_newer, &QPushButton::clicked, m_model, &RowsModel::showNewer);
    // The list follows new rows only while it shows the top.
    auto following = [this] {
        const int first = m_table->rowAt(0);
        const int last = m_table->rowAt(m_table->viewport()->height() - 1);
        // A chosen row is being read: new ones wait (counted) rather than push it away.
        m_model->setFollowing(m_table->verticalScrollBar()->value() == 0 && !m_table->selectionModel()->hasSelection());
        m_model->setVisibleRange(first < 0 ? 0 : first, last < 0 ? m_model->rowCount() - 1 : last);
    };
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, following);
    connect(&m_backend, &Backend::tick, this, following);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    m_detail->show(m_model->row(current.row()).id);
            });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MessagesView::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MessagesView::updateActions); // states move
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, following);
    connect(m_detail, &MessageDetailView::openRequested, this, [this](const QString &id) { m_detail->show(id); });
    connect(m_detail, &MessageDetailView::actionRequested, this,
            [this](const QString &action, const QString &id) { act(action, {id}); });
    for (auto [button, action] : {std::pair{m_retry, "retry"}, std::pair{m_archive, "archive"},
                                  std::pair{m_resend, "resend"}, std::pair{m_discard, "discard"}}) {
        connect(button, &QPushButton::clicked, this,
                [this, action = QString::fromLatin1(action)] { actOnSelection(action); });
    }
    connect(m_retryEndpoint, &QPushButton::clicked, this, &MessagesView::retryAllParkedForEndpoint);
    connect(&m_backend, &Backend::configurationChanged, this, &MessagesView::fillChoices);

    fillChoices();
    applyFilter();
}

void MessagesView::fillChoices()
{
    m_filling = true;
    const Browse::Queue queue = Browse::Queue(m_queues->currentIndex());
    const QString state = m_state->currentData().toString();
    m_state->clear();
    m_state->addItem(tr("Any"), QString());
    // Every state of the queue but the two that nothing writes yet (see Delivery.h and Schema.cpp).
    for (const QString &s : Browse::shownStatesOf(queue)) {
        if (s != QLatin1String("sending") && s != QLatin1String("incoming"))
            m_state->addItem(stateLabel(s), s);
    }
    m_state->setCurrentIndex(std::max(0, m_state->findData(state)));

    const QString store = m_store->currentData().toString();
    m_store->clear();
    m_store->addItem(tr("Any"), QString());
    for (const Store &s : m_backend.configuration().stores)
        m_store->addItem(s.name, s.id);
    m_store->setCurrentIndex(std::max(0, m_store->findData(store)));

    const qint64 endpoint = m_endpoint->currentData().toLongLong();
    m_endpoint->clear();
    m_endpoint->addItem(tr("Any"), 0);
    for (const Endpoint &e : m_backend.configuration().endpoints)
        m_endpoint->addItem(e.name, e.id);
    m_endpoint->setCurrentIndex(std::max(0, m_endpoint->findData(endpoint)));
    m_endpoint->setEnabled(queue != Browse::Queue::Incoming);

    // The types the hub has seen, for the picker; read in the background.
    m_backend.read<Result<QStringList>>(
        this, [](ReadConnection &c) { return Browse::knownTypes(c.database()); },
        [this](Result<QStringList> types) {
            if (!types)
                return;
            m_filling = true;
            const QString typed = m_type->currentText();
            m_type->clear();
            m_type->addItem(QString());
            m_type->addItems(*types);
            m_type->setCurrentText(typed);
            m_filling = false;
        },
        Backend::Lane::Slow); // it reads the whole type index
    m_filling = false;
    updateActions();
}

void MessagesView::applyFilter()
{
    m_debounce->stop();
    Browse::Filter f;
    f.queue = Browse::Queue(m_queues->currentIndex());
    if (const QString state = m_state->currentData().toString(); !state.isEmpty())
        f.states = {state};
    f.type = m_type->currentText().trimmed();
    f.store = m_store->currentData().toString();
    if (f.queue != Browse::Queue::Incoming)
        f.endpointId = m_endpoint->currentData().toLongLong();
    if (m_useFrom->isChecked())
        f.fromMs = m_from->dateTime().toMSecsSinceEpoch();
    if (m_useTo->isChecked())
        f.toMs = m_to->dateTime().toMSecsSinceEpoch();
    f.id = m_id->text().trimmed();
    f.text = m_text->text();
    if (f == m_model->filter() && m_model->rowCount() > 0)
        return;
    m_model->setFilter(f);
    m_detail->clear();
    updateBanner();
    updateActions();
}

void MessagesView::showQueue(Browse::Queue queue, const QStringList &states)
{
    m_queues->setCurrentIndex(int(queue));
    m_state->setCurrentIndex(states.size() == 1 ? std::max(0, m_state->findData(states.front())) : 0);
    applyFilter();
}

void MessagesView::showEvent(QShowEvent *event)
{
    m_model->setLive(true);
    QWidget::showEvent(event);
}

void MessagesView::hideEvent(QHideEvent *event)
{
    m_model->setLive(false); // nobody sees the rows: they need not follow the database
    QWidget::hideEvent(event);
}

void MessagesView::setTypeFilter(const QString &type)
{
    m_filling = true;
    m_type->setCurrentText(type);
    m_filling = false;
    applyFilter();
}

void MessagesView::reload()
{
    m_model->setFilter(m_model->filter());
}

void MessagesView::focusSearch()
{
    m_id->setFocus();
    m_id->selectAll();
}

QByteArray MessagesView::saveLayout() const
{
    QByteArray layout;
    QDataStream out(&layout, QIODevice::WriteOnly);
    // The columns' count first: a header kept with other columns would put widths on the wrong ones.
    out << qint32(RowsModel::ColumnCount) << m_split->saveState() << m_table->horizontalHeader()->saveState();
    return layout;
}

void MessagesView::restoreLayout(const QByteArray &layout)
{
    QDataStream in(layout);
    qint32 columns = 0;
    QByteArray split, header;
    in >> columns >> split >> header;
    if (in.status() != QDataStream::Ok || columns != RowsModel::ColumnCount)
        return; // nothing kept yet, or from another version
    m_split->restoreState(split);
    m_table->horizontalHeader()->restoreState(header);
}

void MessagesView::updateBanner()
{
    const bool incoming = m_model->filter().queue == Browse::Queue::Incoming;
    if (m_model->total())
        m_count->setText(incoming ? counted(*m_model->total(), tr("message"), tr("messages"))
                                  : counted(*m_model->total(), tr("delivery"), tr("deliveries")));
    else
        m_count->setText(m_model->isLoading() ? tr("searching…")
                                              : tr("%1 shown").arg(QLocale().toString(m_model->rowCount())));
    m_newer->setVisible(m_model->newerWaiting() > 0);
    m_newer->setText(tr("%1 new — show").arg(QLocale().toString(m_model->newerWaiting())));
}

void MessagesView::updateActions()
{
    const bool deliveries = m_model->filter().queue != Browse::Queue::Incoming;
    const bool chosen = m_table->selectionModel() && m_table->selectionModel()->hasSelection();
    // Each action only where it applies to one of the chosen, as the engine's rule for it has it.
    std::vector<DeliveryState> states;
    if (deliveries && chosen) {
        for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
            if (auto s = deliveryStateFromName(m_model->row(index.row()).state.toStdString()))
                states.push_back(*s);
        }
    }
    for (auto [button, action] : {std::pair{m_retry, "retry"}, std::pair{m_archive, "archive"},
                                  std::pair{m_resend, "resend"}, std::pair{m_discard, "discard"}})
        button->setEnabled(!states.empty() &&
                           !DeliveryActions::statesFor(actionFrom(QLatin1String(action)), states).empty());
    m_retryEndpoint->setEnabled(deliveries && (chosen || m_endpoint->currentData().toLongLong() > 0));
}

void MessagesView::actOnSelection(const QString &action)
{
    if (m_model->filter().queue == Browse::Queue::Incoming)
        return; // messages, not deliveries: nothing here to retry or archive
    QStringList ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids << m_model->row(index.row()).id;
    act(action, ids);
}

void MessagesView::act(const QString &action, const QStringList &deliveryIds)
{
    if (deliveryIds.isEmpty())
        return;
    if (deliveryIds.size() > 1 && QMessageBox::question(this, tr("Integrator"),
                                                        tr("%1 the %2 chosen?")
                                                            .arg(action.at(0).toUpper() + action.mid(1),
                                                                 counted(deliveryIds.size(), tr("delivery"),
                                                                         tr("deliveries")))) != QMessageBox::Yes)
        return;
    DeliveryActions::Selection selection;
    for (const QString &id : deliveryIds)
        selection.ids.push_back(id.toStdString());
    if (deliveryIds.size() == 1)
        selection.states = {}; // one delivery: whatever state the action can change
    else
        selection.states = DeliveryActions::statesFor(
            actionFrom(action), {DeliveryState::Pending, DeliveryState::Retrying, DeliveryState::Scheduled,
                                 DeliveryState::Parked, DeliveryState::Archived, DeliveryState::Discarded});
    m_backend.act(this, actionFrom(action), selection, {}, [this, action](const Status &status, int changed) {
        if (!status) {
            QMessageBox::warning(this, tr("Integrator"),
                                 tr("The %1 did not go through: %2").arg(action, status.error().text()));
            return;
        }
        if (changed == 0)
            QMessageBox::information(this, tr("Integrator"),
                                     tr("Nothing to %1 among the chosen deliveries.").arg(action));
        if (!m_detail->shownId().isEmpty())
            m_detail->show(m_detail->shownId());
    });
}

void MessagesView::retryAllParkedForEndpoint()
{
    qint64 endpointId = m_endpoint->currentData().toLongLong();
    QString name = m_endpoint->currentText();
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid()) {
        const QString chosen = m_model->row(current.row()).endpoint;
        for (const Endpoint &e : m_backend.configuration().endpoints) {
            if (e.name == chosen) {
                endpointId = e.id;
                name = e.name;
            }
        }
    }
    if (endpointId <= 0)
        return;
    // How many first, so that the owner knows what they are agreeing to.
    Browse::Filter parked{.queue = Browse::Queue::Accepted, .states = {QStringLiteral("parked")}};
    parked.endpointId = endpointId;
    m_backend.read<Result<std::optional<qint64>>>(
        this, [parked](ReadConnection &c) { return Browse::count(c.database(), parked); },
        [this, endpointId, name](Result<std::optional<qint64>> count) {
            if (!count || !count->has_value()) {
                QMessageBox::warning(this, tr("Integrator"),
                                     tr("Cannot count the parked deliveries of %1: %2")
                                         .arg(name, count ? tr("no count") : count.error().text()));
                return;
            }
            if (**count == 0) {
                QMessageBox::information(this, tr("Integrator"), tr("%1 has no parked delivery.").arg(name));
                return;
            }
            if (QMessageBox::question(this, tr("Retry all parked"),
                                      tr("Send %1 of %2 again now?")
                                          .arg(counted(**count, tr("parked delivery"), tr("parked deliveries")),
                                               name)) != QMessageBox::Yes)
                return;
            retryParked(endpointId, name);
        });
}

void MessagesView::retryParked(qint64 endpointId, const QString &name)
{
    DeliveryActions::Selection selection;
    selection.endpointId = endpointId;
    auto *progress =
        new QProgressDialog(tr("Retrying the parked deliveries of %1…").arg(name), tr("Cancel"), 0, 0, this);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    auto run = m_backend.act(
        this, DeliveryActions::Action::Retry, selection,
        [progress](DeliveryActions::Progress p) {
            progress->setMaximum(p.total);
            progress->setValue(p.done);
        },
        [this, progress, name](const Status &status, int changed) {
            progress->close();
            const QString text =
                status ? tr("%1 of %2 will be sent again.")
                             .arg(counted(changed, tr("parked delivery"), tr("parked deliveries")), name)
                       : tr("Stopped after %1: %2")
                             .arg(counted(changed, tr("delivery"), tr("deliveries")), status.error().message);
            QMessageBox::information(this, tr("Integrator"), text);
        });
    connect(progress, &QProgressDialog::canceled, this, [run] { run->cancel(); });
}

} // namespace ui
