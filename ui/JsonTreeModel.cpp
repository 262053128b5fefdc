#include "JsonTreeModel.h"
#include "Counted.h"

namespace ui {

using engine::Json;

JsonTreeModel::JsonTreeModel(QObject *parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
    m_root->value = &m_document;
}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setDocument(const Json &document)
{
    beginResetModel();
    m_document = document;
    m_root = std::make_unique<Node>();
    m_root->value = &m_document;
    build(*m_root);
    endResetModel();
}

void JsonTreeModel::build(Node &node)
{
    const Json &v = *node.value;
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            auto child = std::make_unique<Node>();
            child->key = QString::fromStdString(it.key());
            child->value = &it.value();
            child->parent = &node;
            child->row = int(node.children.size());
            build(*child);
            node.children.push_back(std::move(child));
        }
    } else if (v.is_array()) {
        for (size_t i = 0; i < v.size(); ++i) {
            auto child = std::make_unique<Node>();
            child->key = QStringLiteral("[%1]").arg(i);
            child->value = &v[i];
            child->parent = &node;
            child->row = int(i);
            build(*child);
            node.children.push_back(std::move(child));
        }
    }
}

JsonTreeModel::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= 2 || (parent.isValid() && parent.column() != 0))
        return QModelIndex();
    Node *p = nodeOf(parent);
    if (row < 0 || row >= int(p->children.size()))
        return QModelIndex();
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return QModelIndex();
    Node *n = nodeOf(child);
    if (!n->parent || n->parent == m_root.get())
        return QModelIndex();
    return createIndex(n->parent->row, 0, n->parent);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return 2;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QVariant();
    const Node *n = nodeOf(index);
    if (index.column() == 0)
        return n->key;
    const Json &v = *n->value;
    if (v.is_object())
        return QStringLiteral("{%1}").arg(counted(qint64(v.size()), tr("key"), tr("keys")));
    if (v.is_array())
        return QStringLiteral("[%1]").arg(counted(qint64(v.size()), tr("item"), tr("items")));
    if (v.is_string())
        return QString::fromStdString(v.get<std::string>());
    return QString::fromStdString(v.dump());
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    return section == 0 ? tr("Key") : tr("Value");
}

} // namespace ui
