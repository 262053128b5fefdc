#pragma once
// A table of two-column rows the owner adds and removes (name and path, name and value), with the buttons
// that do it: identifiers, parameters, fields a consumer adds. GUI thread.

#include <QWidget>

#include <utility>
#include <vector>

class QTableWidget;

namespace ui {

class PairsTable : public QWidget {
    Q_OBJECT
public:
    PairsTable(const QString &first, const QString &second, QWidget *parent = nullptr);

    void setRows(const std::vector<std::pair<QString, QString>> &rows);
    void addRow(const QString &first, const QString &second);
    // The rows as typed, trimmed.
    std::vector<std::pair<QString, QString>> rows() const;
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void changed();

private:
    QTableWidget *m_table = nullptr;
};

} // namespace ui
