#include "SubscriptionDialog.h"

#include "Backend.h"
#include "FormCheck.h"
#include "storage/Browse.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStringListModel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {

const QStringList operators{QStringLiteral("eq"),   QStringLiteral("neq"),     QStringLiteral("gt"),
                            QStringLiteral("lt"),   QStringLiteral("begin"),   QStringLiteral("contains"),
                            QStringLiteral("end"),  QStringLiteral("present"), QStringLiteral("empty"),
                            QStringLiteral("match")};

// A value as the owner types it: text bare, unless bare it would read as something else ("42", "true").
QString jsonText(const Json &value)
{
    if (value.is_string()) {
        const std::string &text = value.get_ref<const std::string &>();
        if (Json::parse(text, nullptr, false).is_discarded())
            return QString::fromStdString(text);
    }
    return QString::fromStdString(value.dump());
}

// What the owner typed as a value: JSON when it reads as JSON (5, true, "x", [1]), else the text itself.
Json valueOf(const QString &text)
{
    const QString t = text.trimmed();
    // Numbers, true/false/null, arrays and "quoted text" as JSON; anything else as the text it is.
    Json parsed = Json::parse(t.toStdString(), nullptr, false);
    if (!parsed.is_discarded() && !t.isEmpty())
        return parsed;
    return t.toStdString();
}

QString cell(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

QPushButton *rowButtons(QTableWidget *table, QWidget *parent, const std::function<void()> &changed, QHBoxLayout *layout)
{
    auto *add = new QPushButton(QObject::tr("Add"), parent);
    auto *remove = new QPushButton(QObject::tr("Remove"), parent);
    QObject::connect(add, &QPushButton::clicked, parent, [table, changed] {
        table->insertRow(table->rowCount());
        changed();
    });
    QObject::connect(remove, &QPushButton::clicked, parent, [table, changed] {
        if (table->currentRow() >= 0)
            table->removeRow(table->currentRow());
        changed();
    });
    layout->addWidget(add);
    layout->addWidget(remove);
    layout->addStretch();
    return add;
}

} // namespace

QTableWidget *SubscriptionDialog::table(const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->setVisible(false);
    t->setMinimumHeight(90);
    return t;
}

SubscriptionDialog::SubscriptionDialog(Backend &backend, const Subscription &s, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_id(s.id)
{
    setWindowTitle(s.id ? tr("Edit subscription") : tr("Add a subscription"));
    const Configuration &config = backend.configuration();
    m_endpoint = new QComboBox(this);
    for (const Endpoint &e : config.endpoints)
        m_endpoint->addItem(e.name, e.name);
    m_endpoint->setCurrentIndex(std::max(0, m_endpoint->findData(s.endpoint)));
    m_store = new QComboBox(this);
    m_store->addItem(tr("Every store"), QString());
    for (const Store &st : config.stores)
        m_store->addItem(st.name, st.id);
    m_store->setCurrentIndex(std::max(0, m_store->findData(s.store)));
    m_types = new QLineEdit(s.messages.join(QStringLiteral(", ")), this);
    m_types->setToolTip(tr("Message types, separated by commas; * stands for any part: order:new, order:*, *"));
    auto *known = new QStringListModel(this);
    auto *completer = new QCompleter(known, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_types->setCompleter(completer);
    backend.read<Result<QStringList>>(
        this, [](ReadConnection &c) { return Browse::knownTypes(c.database()); },
        [known](Result<QStringList> types) {
            if (types)
                known->setStringList(*types);
        });
    m_path = new QLineEdit(s.path, this);
    m_path->setToolTip(tr("Added to the endpoint's URL: /orders"));

    m_parameters = table({tr("Name"), tr("Value")}, this);
    for (const Parameter &p : s.parameters) {
        const int r = m_parameters->rowCount();
        m_parameters->insertRow(r);
        m_parameters->setItem(r, 0, new QTableWidgetItem(p.name));
        m_parameters->setItem(r, 1, new QTableWidgetItem(jsonText(p.value)));
    }
    m_filters = table({tr("Path"), tr("Operator"), tr("Value")}, this);
    m_filters->setToolTip(tr("payload.order.status eq complete; a * in the path stands for every element"));
    m_filters->setColumnWidth(0, 260); // paths are long: payload.order.line_items.*.sku
    for (const FilterRule &f : s.filters)
        addFilterRow(QString::fromStdString(f.path), QString::fromStdString(f.op), jsonText(f.value));
    m_match = new QComboBox(this);
    m_match->addItem(tr("all filters pass"), QStringLiteral("all"));
    m_match->addItem(tr("any filter passes"), QStringLiteral("any"));
    m_match->setCurrentIndex(s.match == MatchRule::All ? 0 : 1);
    m_identifiers = table({tr("Name"), tr("Path")}, this);
    m_identifiers->setToolTip(tr("Values that make a delivery unique: the same ones are never delivered twice"));
    for (const Identifier &i : s.identifiers) {
        const int r = m_identifiers->rowCount();
        m_identifiers->insertRow(r);
        m_identifiers->setItem(r, 0, new QTableWidgetItem(i.name));
        m_identifiers->setItem(r, 1, new QTableWidgetItem(i.path));
    }
    m_retries = new QCheckBox(tr("Retry failed deliveries"), this);
    m_retries->setChecked(s.retries.allowed);
    QStringList schedule;
    for (int d : s.retries.scheduleS)
        schedule << QString::number(d);
    m_schedule = new QLineEdit(schedule.join(QStringLiteral(", ")), this);
    m_schedule->setToolTip(tr("Seconds to wait before each retry, ±20%; when they run out the delivery is parked"));
    m_enabled = new QCheckBox(tr("On"), this);
    m_enabled->setChecked(s.enabled);

    auto changed = [this] { check(); };
    auto *parameterButtons = new QHBoxLayout;
    rowButtons(m_parameters, this, changed, parameterButtons);
    auto *filterButtons = new QHBoxLayout;
    auto *addFilter = new QPushButton(tr("Add"), this);
    connect(addFilter, &QPushButton::clicked, this,
            [this] { addFilterRow(QStringLiteral("payload."), QStringLiteral("eq"), QString()); });
    auto *removeFilter = new QPushButton(tr("Remove"), this);
    connect(removeFilter, &QPushButton::clicked, this, [this] {
        if (m_filters->currentRow() >= 0)
            m_filters->removeRow(m_filters->currentRow());
        check();
    });
    filterButtons->addWidget(addFilter);
    filterButtons->addWidget(removeFilter);
    filterButtons->addWidget(m_match);
    filterButtons->addStretch();
    auto *identifierButtons = new QHBoxLayout;
    rowButtons(m_identifiers, this, changed, identifierButtons);

    auto *form = new QFormLayout;
    form->addRow(tr("&Endpoint"), m_endpoint);
    form->addRow(tr("S&tore"), m_store);
    form->addRow(tr("T&ypes"), m_types);
    form->addRow(tr("&Path"), m_path);
    form->addRow(tr("Parameters"), m_parameters);
    form->addRow(QString(), parameterButtons);
    form->addRow(tr("Filters"), m_filters);
    form->addRow(QString(), filterButtons);
    form->addRow(tr("Identifiers"), m_identifiers);
    form->addRow(QString(), identifierButtons);
    auto *retryRow = new QHBoxLayout;
    retryRow->addWidget(m_retries);
    retryRow->addWidget(m_schedule, 1);
    form->addRow(tr("Retries"), retryRow);
    form->addRow(QString(), m_enabled);

    m_message = new QLabel(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SubscriptionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SubscriptionDialog::reject);
    m_check = new FormCheck(m_message, m_buttons, this);
    m_check->bind(QStringLiteral("endpoint"), m_endpoint);
    m_check->bind(QStringLiteral("store"), m_store);
    m_check->bind(QStringLiteral("messages"), m_types);
    m_check->bind(QStringLiteral("path"), m_path);
    m_check->bind(QStringLiteral("parameters"), m_parameters);
    m_check->bind(QStringLiteral("filters"), m_filters);
    m_check->bind(QStringLiteral("identifiers"), m_identifiers);
    m_check->bind(QStringLiteral("retries"), m_schedule);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(m_endpoint, &QComboBox::currentIndexChanged, this, changed);
    connect(m_store, &QComboBox::currentIndexChanged, this, changed);
    connect(m_match, &QComboBox::currentIndexChanged, this, changed);
    for (QLineEdit *edit : {m_types, m_path, m_schedule})
        connect(edit, &QLineEdit::textChanged, this, changed);
    for (QTableWidget *t : {m_parameters, m_filters, m_identifiers})
        connect(t, &QTableWidget::itemChanged, this, changed);
    connect(m_retries, &QCheckBox::toggled, this, [this](bool on) {
        m_schedule->setEnabled(on);
        check();
    });
    m_schedule->setEnabled(s.retries.allowed);
    check();
    resize(640, 720);
}

void SubscriptionDialog::addFilterRow(const QString &path, const QString &op, const QString &value)
{
    const int r = m_filters->rowCount();
    m_filters->insertRow(r);
    m_filters->setItem(r, 0, new QTableWidgetItem(path));
    auto *box = new QComboBox(m_filters);
    box->addItems(operators);
    box->setCurrentText(op);
    connect(box, &QComboBox::currentIndexChanged, this, [this] { check(); });
    m_filters->setCellWidget(r, 1, box);
    m_filters->setItem(r, 2, new QTableWidgetItem(value));
    check();
}

Subscription SubscriptionDialog::subscription() const
{
    Subscription s;
    s.id = m_id;
    s.endpoint = m_endpoint->currentData().toString();
    s.store = m_store->currentData().toString();
    s.messages.clear();
    for (const QString &t : m_types->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        s.messages << t.trimmed();
    s.path = m_path->text().trimmed();
    for (int r = 0; r < m_parameters->rowCount(); ++r)
        s.parameters.push_back({cell(m_parameters, r, 0).trimmed(), valueOf(cell(m_parameters, r, 1))});
    for (int r = 0; r < m_filters->rowCount(); ++r) {
        auto *box = qobject_cast<QComboBox *>(m_filters->cellWidget(r, 1));
        const std::string op = box ? box->currentText().toStdString() : std::string();
        const bool valueless = op == "present" || op == "empty";
        s.filters.push_back(FilterRule{cell(m_filters, r, 0).trimmed().toStdString(), op,
                                       valueless ? Json() : valueOf(cell(m_filters, r, 2))});
    }
    s.match = m_match->currentData().toString() == QLatin1String("any") ? MatchRule::Any : MatchRule::All;
    for (int r = 0; r < m_identifiers->rowCount(); ++r)
        s.identifiers.push_back({cell(m_identifiers, r, 0).trimmed(), cell(m_identifiers, r, 1).trimmed()});
    s.retries.allowed = m_retries->isChecked();
    s.retries.scheduleS.clear();
    for (const QString &d : m_schedule->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int seconds = d.trimmed().toInt(&ok);
        s.retries.scheduleS.push_back(ok ? seconds : -1);
    }
    s.enabled = m_enabled->isChecked();
    return s;
}

void SubscriptionDialog::check()
{
    if (!m_check)
        return; // still being built: the rows filled in from the subscription change things as they go in
    const Subscription s = subscription();
    Status status = s.validate();
    if (status && s.endpoint.isEmpty())
        status = fieldError(QStringLiteral("endpoint"), tr("add an endpoint first"));
    m_check->show(status);
}

void SubscriptionDialog::accept()
{
    if (m_saving)
        return;
    m_saving = true;
    m_backend.owner().saveSubscription(subscription(),
                                       m_backend.answer<Subscription>(this, [this](const Result<Subscription> &saved) {
                                           m_saving = false;
                                           if (!saved) {
                                               m_check->showSaveError(saved.error());
                                               return;
                                           }
                                           m_id = saved->id;
                                           QDialog::accept();
                                       }));
}

} // namespace ui
