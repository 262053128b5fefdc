#pragma once
// The filter builder subscriptions and consumers share: rows of path, operator and value, and whether all
// or any must pass (DESIGN §7). Values read as JSON when they are JSON (5, true, "x"), else as text.
// GUI thread.

#include "filter/Filter.h"
#include "filter/FilterSet.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QTableWidget;

namespace ui {

class FilterEditor : public QWidget {
    Q_OBJECT
public:
    explicit FilterEditor(QWidget *parent = nullptr);

    void setRules(const std::vector<engine::FilterRule> &rules, engine::MatchRule match);
    void addRow(const QString &path, const QString &op, const QString &value);
    std::vector<engine::FilterRule> rules() const;
    engine::MatchRule match() const;
    QTableWidget *table() const { return m_table; }

    // A value as the owner types it, and back.
    static QString valueText(const engine::Json &value);
    static engine::Json valueOf(const QString &text);

Q_SIGNALS:
    void changed();

private:
    QTableWidget *m_table = nullptr;
    QComboBox *m_match = nullptr;
};

} // namespace ui
