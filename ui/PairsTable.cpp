#include "PairsTable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

PairsTable::PairsTable(const QString &first, const QString &second, QWidget *parent) : QWidget(parent)
{
    m_table = new QTableWidget(0, 2, this);
    m_table->setHorizontalHeaderLabels({first, second});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setColumnWidth(0, 160);
    m_table->setMinimumHeight(90);
    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, [this] { addRow({}, {}); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
        Q_EMIT changed();
    });
    connect(m_table, &QTableWidget::itemChanged, this, &PairsTable::changed);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
}

void PairsTable::setRows(const std::vector<std::pair<QString, QString>> &rows)
{
    const QSignalBlocker quiet(m_table);
    m_table->setRowCount(0);
    for (const auto &[first, second] : rows)
        addRow(first, second);
}

void PairsTable::addRow(const QString &first, const QString &second)
{
    const int r = m_table->rowCount();
    m_table->insertRow(r);
    m_table->setItem(r, 0, new QTableWidgetItem(first));
    m_table->setItem(r, 1, new QTableWidgetItem(second));
    Q_EMIT changed();
}

std::vector<std::pair<QString, QString>> PairsTable::rows() const
{
    std::vector<std::pair<QString, QString>> out;
    const auto cell = [this](int r, int c) {
        const QTableWidgetItem *item = m_table->item(r, c);
        return item ? item->text().trimmed() : QString();
    };
    for (int r = 0; r < m_table->rowCount(); ++r)
        out.emplace_back(cell(r, 0), cell(r, 1));
    return out;
}

} // namespace ui
