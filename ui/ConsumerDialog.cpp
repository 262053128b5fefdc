#include "ConsumerDialog.h"

#include "Backend.h"
#include "FilterEditor.h"
#include "FormCheck.h"
#include "PairsTable.h"
#include "SaveForm.h"
#include "TypePatternsEdit.h"
#include "consume/ConsumerTrial.h"
#include "storage/MessageStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {

std::vector<std::pair<QString, QString>> pairsOf(const std::vector<Identifier> &paths)
{
    std::vector<std::pair<QString, QString>> rows;
    for (const Identifier &p : paths)
        rows.emplace_back(p.name, p.path);
    return rows;
}

std::vector<Identifier> pathsOf(const std::vector<std::pair<QString, QString>> &rows)
{
    std::vector<Identifier> paths;
    for (const auto &[name, path] : rows)
        paths.push_back({name, path});
    return paths;
}

// How many recent messages the trial offers.
constexpr int recentCount = 50;

} // namespace

ConsumerDialog::ConsumerDialog(Backend &backend, const Consumer &c, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_id(c.id)
{
    setWindowTitle(c.id ? tr("Edit consumer %1").arg(c.name) : tr("Add a consumer"));
    m_name = new QLineEdit(c.name, this);
    m_name->setPlaceholderText(tr("big-orders"));
    m_types = new TypePatternsEdit(backend, c.messages, this);
    m_each = new QLineEdit(c.each, this);
    m_each->setPlaceholderText(tr("empty: one message per message; payload.order.shipments.*: one per shipment"));
    m_each->setToolTip(tr("With a * where the elements are, it emits one message per element; filters, the "
                          "payload and added fields reach the element as each (each.status)"));
    m_filters = new FilterEditor(this);
    m_filters->setRules(c.filters, c.match);
    m_emits = new QLineEdit(c.emits, this);
    m_emits->setPlaceholderText(tr("order:canceled"));
    m_payload = new QLineEdit(c.payload, this);
    m_payload->setToolTip(tr("same: the whole payload; or a path: payload.order, or each for the element"));
    m_as = new QLineEdit(c.as, this);
    m_as->setPlaceholderText(tr("empty, or the key it goes under: shipment"));
    m_add = new PairsTable(tr("Field"), tr("From path"), this);
    m_add->setToolTip(tr("Fields copied into what it emits: order_number from payload.order.number"));
    m_add->setRows(pairsOf(c.add));
    m_identifiers = new PairsTable(tr("Name"), tr("Path in the emitted message"), this);
    m_identifiers->setToolTip(tr("Values that make an emitted message unique: the same ones are never emitted twice"));
    m_identifiers->setRows(pairsOf(c.identifiers));
    m_enabled = new QCheckBox(tr("On"), this);
    m_enabled->setChecked(c.enabled);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("T&ypes"), m_types);
    form->addRow(tr("E&ach"), m_each);
    form->addRow(tr("Filters"), m_filters);
    form->addRow(tr("E&mits"), m_emits);
    form->addRow(tr("&Payload"), m_payload);
    form->addRow(tr("Under the &key"), m_as);
    form->addRow(tr("Add fields"), m_add);
    form->addRow(tr("Identifiers"), m_identifiers);
    form->addRow(QString(), m_enabled);
    auto *formWidget = new QWidget(this);
    formWidget->setLayout(form);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(formWidget);
    splitter->addWidget(trialPanel());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConsumerDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConsumerDialog::reject);
    m_check = new FormCheck(m_message, m_buttons, this);
    m_check->bind(QStringLiteral("name"), m_name);
    m_check->bind(QStringLiteral("messages"), m_types);
    m_check->bind(QStringLiteral("each"), m_each);
    m_check->bind(QStringLiteral("filters"), m_filters->table());
    m_check->bind(QStringLiteral("emits"), m_emits);
    m_check->bind(QStringLiteral("payload"), m_payload);
    m_check->bind(QStringLiteral("as"), m_as);
    m_check->bind(QStringLiteral("add"), m_add->table());
    m_check->bind(QStringLiteral("identifiers"), m_identifiers->table());

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    for (QLineEdit *edit : std::initializer_list<QLineEdit *>{m_name, m_types, m_each, m_emits, m_payload, m_as})
        connect(edit, &QLineEdit::textChanged, this, &ConsumerDialog::check);
    for (PairsTable *t : {m_add, m_identifiers})
        connect(t, &PairsTable::changed, this, &ConsumerDialog::check);
    connect(m_filters, &FilterEditor::changed, this, &ConsumerDialog::check);
    connect(m_enabled, &QCheckBox::toggled, this, &ConsumerDialog::check);
    check();
    resize(1180, 780);
}

QWidget *ConsumerDialog::trialPanel()
{
    auto *panel = new QWidget(this);
    m_recent = new QComboBox(panel);
    m_recent->addItem(tr("Paste a message below, or pick a recent one"), QString());
    m_sample = new QPlainTextEdit(panel);
    m_sample->setPlaceholderText(tr("{\"message\": \"order:new\", \"payload\": {\"order\": {…}}}"));
    m_output = new QPlainTextEdit(panel);
    m_output->setReadOnly(true);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_sample->setFont(fixed);
    m_output->setFont(fixed);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("<b>Try it</b> on a message: nothing is stored"), panel));
    layout->addWidget(m_recent);
    layout->addWidget(m_sample, 1);
    layout->addWidget(new QLabel(tr("What it would emit"), panel));
    layout->addWidget(m_output, 1);

    // The recent messages come with their text, so that picking one needs no further read.
    m_backend.read<Result<std::vector<StoredMessage>>>(
        this, [](ReadConnection &r) { return MessageStore::latest(r.database(), recentCount); },
        [this](Result<std::vector<StoredMessage>> latest) {
            if (!latest)
                return;
            for (const StoredMessage &m : *latest) {
                const QString when =
                    QDateTime::fromMSecsSinceEpoch(m.receivedAt).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
                m_recent->addItem(QStringLiteral("%1 · %2 · %3").arg(toQString(m.type), when, toQString(m.id)),
                                  toQString(m.document().dump(2)));
            }
        });
    connect(m_recent, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QString text = m_recent->itemData(index).toString();
        if (!text.isEmpty())
            m_sample->setPlainText(text);
    });
    connect(m_sample, &QPlainTextEdit::textChanged, this, &ConsumerDialog::tryIt);
    return panel;
}

Consumer ConsumerDialog::consumer() const
{
    Consumer c;
    c.id = m_id;
    c.name = m_name->text().trimmed();
    c.messages = m_types->patterns();
    c.each = m_each->text().trimmed();
    c.filters = m_filters->rules();
    c.match = m_filters->match();
    c.emits = m_emits->text().trimmed();
    c.payload = m_payload->text().trimmed();
    c.as = m_as->text().trimmed();
    c.add = pathsOf(m_add->rows());
    c.identifiers = pathsOf(m_identifiers->rows());
    c.enabled = m_enabled->isChecked();
    return c;
}

void ConsumerDialog::check()
{
    if (!m_check)
        return; // still being built
    m_check->show(consumer().validate());
    tryIt();
}

void ConsumerDialog::tryIt()
{
    if (!m_output)
        return;
    const QString text = m_sample->toPlainText().trimmed();
    if (text.isEmpty()) {
        m_output->setPlainText(tr("Give it a message to see what it would emit."));
        return;
    }
    Json json = Json::parse(text.toStdString(), nullptr, false);
    if (json.is_discarded()) {
        m_output->setPlainText(tr("That is not valid JSON yet."));
        return;
    }
    Result<Message> message = Message::parse(std::move(json));
    if (!message) {
        m_output->setPlainText(tr("That is not a message: %1").arg(message.error().text()));
        return;
    }
    Result<ConsumerTrial> trial = ConsumerTrial::run(consumer(), *message);
    if (!trial) {
        m_output->setPlainText(tr("Fix the rule first: %1").arg(trial.error().text()));
        return;
    }
    QStringList out;
    if (trial->emitted.empty())
        out << tr("Nothing would be emitted.");
    else
        out << (trial->emitted.size() == 1 ? tr("1 message would be emitted:")
                                           : tr("%1 messages would be emitted:").arg(trial->emitted.size()));
    for (const Json &e : trial->emitted)
        out << toQString(e.dump(2));
    for (const QString &problem : trial->problems)
        out << tr("Note: %1").arg(problem);
    m_output->setPlainText(out.join(QStringLiteral("\n\n")));
}

void ConsumerDialog::accept()
{
    saveForm<Consumer>(m_backend, *m_check, m_saving, consumer(), &OwnerActions::saveConsumer,
                       [this](const Consumer &saved) {
                           m_id = saved.id;
                           QDialog::accept();
                       });
}

} // namespace ui
