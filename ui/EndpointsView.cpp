#include "EndpointsView.h"

#include "Backend.h"
#include "DiscoverDialog.h"
#include "EndpointDialog.h"
#include "EndpointsModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

EndpointsView::EndpointsView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    m_model = new EndpointsModel(backend, this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(EndpointsModel::LastError, QHeaderView::Stretch);
    m_table->setColumnWidth(EndpointsModel::Name, 140);
    m_table->setColumnWidth(EndpointsModel::Url, 260);
    m_table->setAlternatingRowColors(true);
    connect(m_table, &QTableView::doubleClicked, this, &EndpointsView::editCurrent);

    auto *add = new QPushButton(QIcon(QStringLiteral(":/icons/add.svg")), tr("Add…"), this);
    m_edit = new QPushButton(QIcon(QStringLiteral(":/icons/edit.svg")), tr("Edit…"), this);
    m_remove = new QPushButton(QIcon(QStringLiteral(":/icons/remove.svg")), tr("Remove"), this);
    m_pause = new QPushButton(QIcon(QStringLiteral(":/icons/pause.svg")), tr("Pause"), this);
    m_pause->setToolTip(tr("A paused endpoint gets nothing; its deliveries wait until it is resumed"));
    auto *discover = new QPushButton(QIcon(QStringLiteral(":/icons/discover.svg")), tr("Discover services…"), this);
    discover->setToolTip(tr("Read an endpoint's endpoint.json and make subscriptions from the services it offers"));
    connect(add, &QPushButton::clicked, this, &EndpointsView::add);
    connect(m_edit, &QPushButton::clicked, this, &EndpointsView::editCurrent);
    connect(m_remove, &QPushButton::clicked, this, &EndpointsView::removeCurrent);
    connect(m_pause, &QPushButton::clicked, this, &EndpointsView::pauseOrResumeCurrent);
    connect(discover, &QPushButton::clicked, this, &EndpointsView::discover);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {add, m_edit, m_remove, m_pause, discover})
        buttons->addWidget(b);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &EndpointsView::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EndpointsView::updateButtons);
    updateButtons();
}

int EndpointsView::currentRow() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void EndpointsView::updateButtons()
{
    const int row = currentRow();
    for (QPushButton *b : {m_edit, m_remove, m_pause})
        b->setEnabled(row >= 0);
    const bool paused = row >= 0 && m_model->endpoint(row).state == EndpointState::Paused;
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    m_pause->setIcon(QIcon(paused ? QStringLiteral(":/icons/resume.svg") : QStringLiteral(":/icons/pause.svg")));
}

void EndpointsView::add()
{
    EndpointDialog dialog(m_backend, Endpoint{}, this);
    dialog.exec();
}

void EndpointsView::editCurrent()
{
    const int row = currentRow();
    if (row < 0)
        return;
    EndpointDialog dialog(m_backend, m_model->endpoint(row), this);
    dialog.exec();
}

void EndpointsView::removeCurrent()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const Endpoint e = m_model->endpoint(row);
    if (QMessageBox::question(this, tr("Remove endpoint"),
                              tr("Remove the endpoint %1? Its history stays in the archive.").arg(e.name)) !=
        QMessageBox::Yes)
        return;
    m_backend.owner().removeEndpoint(e.id, m_backend.answer<void>(this, [this](const Status &status) {
        if (!status)
            QMessageBox::warning(this, tr("Remove endpoint"), status.error().text());
    }));
}

void EndpointsView::pauseOrResumeCurrent()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const Endpoint e = m_model->endpoint(row);
    const bool pause = e.state != EndpointState::Paused;
    m_backend.owner().setEndpointPaused(e.id, pause, m_backend.answer<void>(this, [this](const Status &status) {
        if (!status)
            QMessageBox::warning(this, tr("Endpoint"), status.error().text());
    }));
}

void EndpointsView::discover()
{
    const int row = currentRow();
    DiscoverDialog dialog(m_backend, row >= 0 ? m_model->endpoint(row).url : QString(), this);
    if (row >= 0)
        dialog.fetch();
    dialog.exec();
}

} // namespace ui
