#include "SubscriptionDialog.h"

#include "DurationText.h"

#include "Backend.h"
#include "FilterEditor.h"
#include "FormCheck.h"
#include "PairsTable.h"
#include "SaveForm.h"
#include "TypePatternsEdit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

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
    m_types = new TypePatternsEdit(backend, s.messages, this);
    m_path = new QLineEdit(s.path, this);
    m_path->setToolTip(tr("Added to the endpoint's URL: /orders"));

    m_parameters = new PairsTable(tr("Name"), tr("Value"), this);
    for (const Parameter &p : s.parameters)
        m_parameters->addRow(p.name, FilterEditor::valueText(p.value));
    m_filters = new FilterEditor(this);
    m_filters->setRules(s.filters, s.match);
    m_identifiers = new PairsTable(tr("Name"), tr("Path"), this);
    m_identifiers->setToolTip(tr("Values that make a delivery unique: the same ones are never delivered twice"));
    for (const Identifier &i : s.identifiers)
        m_identifiers->addRow(i.name, i.path);
    m_retries = new QCheckBox(tr("Retry failed deliveries"), this);
    m_retries->setChecked(s.retries.allowed);
    m_schedule = new QLineEdit(scheduleText(s.retries.scheduleS), this);
    m_schedule->setToolTip(tr("How long to wait before each retry (5 s, 5 min, 30 min, 2 h), ±20%; when they run "
                              "out the delivery is parked"));
    m_enabled = new QCheckBox(tr("On"), this);
    m_enabled->setChecked(s.enabled);

    auto changed = [this] { check(); };

    auto *form = new QFormLayout;
    form->addRow(tr("&Endpoint"), m_endpoint);
    form->addRow(tr("S&tore"), m_store);
    form->addRow(tr("T&ypes"), m_types);
    form->addRow(tr("&Path"), m_path);
    form->addRow(tr("Parameters"), m_parameters);
    form->addRow(tr("Filters"), m_filters);
    form->addRow(tr("Identifiers"), m_identifiers);
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
    m_check->bind(QStringLiteral("parameters"), m_parameters->table());
    m_check->bind(QStringLiteral("filters"), m_filters->table());
    m_check->bind(QStringLiteral("identifiers"), m_identifiers->table());
    m_check->bind(QStringLiteral("retries"), m_schedule);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(m_endpoint, &QComboBox::currentIndexChanged, this, changed);
    connect(m_store, &QComboBox::currentIndexChanged, this, changed);
    for (QLineEdit *edit : std::initializer_list<QLineEdit *>{m_types, m_path, m_schedule})
        connect(edit, &QLineEdit::textChanged, this, changed);
    for (PairsTable *t : {m_parameters, m_identifiers})
        connect(t, &PairsTable::changed, this, changed);
    connect(m_filters, &FilterEditor::changed, this, changed);
    connect(m_retries, &QCheckBox::toggled, this, [this](bool on) {
        m_schedule->setEnabled(on);
        check();
    });
    m_schedule->setEnabled(s.retries.allowed);
    check();
    resize(640, 720);
}

QTableWidget *SubscriptionDialog::filtersTable() const
{
    return m_filters->table();
}

void SubscriptionDialog::addFilterRow(const QString &path, const QString &op, const QString &value)
{
    m_filters->addRow(path, op, value);
}

Subscription SubscriptionDialog::subscription() const
{
    Subscription s;
    s.id = m_id;
    s.endpoint = m_endpoint->currentData().toString();
    s.store = m_store->currentData().toString();
    s.messages = m_types->patterns();
    s.path = m_path->text().trimmed();
    for (const auto &[name, value] : m_parameters->rows())
        s.parameters.push_back({name, FilterEditor::valueOf(value)});
    s.filters = m_filters->rules();
    s.match = m_filters->match();
    for (const auto &[name, path] : m_identifiers->rows())
        s.identifiers.push_back({name, path});
    s.retries.allowed = m_retries->isChecked();
    s.retries.scheduleS.clear();
    s.retries.scheduleS = parseSchedule(m_schedule->text());
    s.enabled = m_enabled->isChecked();
    return s;
}

void SubscriptionDialog::check()
{
    if (!m_check)
        return; // still being built: the rows filled in from the subscription change things as they go in
    const Subscription s = subscription();
    Problems problems = s.problems();
    if (m_backend.configuration().endpoints.empty()) {
        // What to do about it, rather than that the field is empty.
        std::erase_if(problems, [](const Error &e) { return e.field == QLatin1String("endpoint"); });
        problems.insert(problems.begin(), fieldError(QStringLiteral("endpoint"), tr("add an endpoint first")));
    }
    m_check->show(problems);
}

void SubscriptionDialog::accept()
{
    saveForm<Subscription>(m_backend, *m_check, m_saving, subscription(), &OwnerActions::saveSubscription,
                           [this](const Subscription &saved) {
                               m_id = saved.id;
                               QDialog::accept();
                           });
}

} // namespace ui
