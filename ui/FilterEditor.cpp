#include "FilterEditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {
const QStringList operators{QStringLiteral("eq"),   QStringLiteral("neq"),     QStringLiteral("gt"),
                            QStringLiteral("lt"),   QStringLiteral("begin"),   QStringLiteral("contains"),
                            QStringLiteral("end"),  QStringLiteral("present"), QStringLiteral("empty"),
                            QStringLiteral("match")};
} // namespace

FilterEditor::FilterEditor(QWidget *parent) : QWidget(parent)
{
    m_table = new QTableWidget(0, 3, this);
    m_table->setHorizontalHeaderLabels({tr("Path"), tr("Operator"), tr("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setMinimumHeight(90);
    m_table->setToolTip(tr("payload.order.status eq complete; a * in the path stands for every element"));
    m_table->setColumnWidth(0, 260); // paths are long: payload.order.line_items.*.sku
    m_match = new QComboBox(this);
    m_match->addItem(tr("all filters pass"), QStringLiteral("all"));
    m_match->addItem(tr("any filter passes"), QStringLiteral("any"));
    auto *add = new QPushButton(tr("Add"), this);
    connect(add, &QPushButton::clicked, this,
            [this] { addRow(QStringLiteral("payload."), QStringLiteral("eq"), QString()); });
    auto *remove = new QPushButton(tr("Remove"), this);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
        Q_EMIT changed();
    });
    connect(m_table, &QTableWidget::itemChanged, this, &FilterEditor::changed);
    connect(m_match, &QComboBox::currentIndexChanged, this, &FilterEditor::changed);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(m_match);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
}

void FilterEditor::setRules(const std::vector<FilterRule> &rules, MatchRule match)
{
    const QSignalBlocker quiet(this);
    m_table->setRowCount(0);
    for (const FilterRule &f : rules)
        addRow(QString::fromStdString(f.path), QString::fromStdString(f.op), valueText(f.value));
    m_match->setCurrentIndex(match == MatchRule::All ? 0 : 1);
}

void FilterEditor::addRow(const QString &path, const QString &op, const QString &value)
{
    const int r = m_table->rowCount();
    m_table->insertRow(r);
    m_table->setItem(r, 0, new QTableWidgetItem(path));
    auto *box = new QComboBox(m_table);
    box->addItems(operators);
    box->setCurrentText(op);
    connect(box, &QComboBox::currentIndexChanged, this, &FilterEditor::changed);
    m_table->setCellWidget(r, 1, box);
    m_table->setItem(r, 2, new QTableWidgetItem(value));
    Q_EMIT changed();
}

std::vector<FilterRule> FilterEditor::rules() const
{
    std::vector<FilterRule> out;
    const auto cell = [this](int r, int c) {
        const QTableWidgetItem *item = m_table->item(r, c);
        return item ? item->text() : QString();
    };
    for (int r = 0; r < m_table->rowCount(); ++r) {
        auto *box = qobject_cast<QComboBox *>(m_table->cellWidget(r, 1));
        const std::string op = box ? box->currentText().toStdString() : std::string();
        const bool valueless = op == "present" || op == "empty";
        out.push_back(FilterRule{cell(r, 0).trimmed().toStdString(), op, valueless ? Json() : valueOf(cell(r, 2))});
    }
    return out;
}

MatchRule FilterEditor::match() const
{
    return m_match->currentData().toString() == QLatin1String("any") ? MatchRule::Any : MatchRule::All;
}

// Text bare, unless bare it would read as something else ("42", "true").
QString FilterEditor::valueText(const Json &value)
{
    if (value.is_string()) {
        const std::string &text = value.get_ref<const std::string &>();
        if (Json::parse(text, nullptr, false).is_discarded())
            return QString::fromStdString(text);
    }
    return QString::fromStdString(value.dump());
}

// Numbers, true/false/null, arrays and "quoted text" as JSON; anything else as the text it is.
Json FilterEditor::valueOf(const QString &text)
{
    const QString t = text.trimmed();
    Json parsed = Json::parse(t.toStdString(), nullptr, false);
    if (!parsed.is_discarded() && !t.isEmpty())
        return parsed;
    return t.toStdString();
}

} // namespace ui
