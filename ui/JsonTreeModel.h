#pragma once
// A JSON document as a tree for a QTreeView: keys (or indexes) and values, objects and arrays collapsible.
// GUI thread.

#include "core/Json.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace ui {

class JsonTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    void setDocument(const engine::Json &document);
    const engine::Json &document() const { return m_document; }

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        QString key;
        const engine::Json *value = nullptr;
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };
    void build(Node &node);
    Node *nodeOf(const QModelIndex &index) const;

    engine::Json m_document;
    std::unique_ptr<Node> m_root;
};

} // namespace ui
