#include "RefusedPushesDialog.h"

#include "Backend.h"
#include "RowsModel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

RefusedPushesDialog::RefusedPushesDialog(Backend &backend, QWidget *parent) : QDialog(parent), m_backend(backend)
{
    setWindowTitle(tr("Refused pushes"));
    m_list = new QTreeWidget(this);
    m_list->setHeaderLabels(
        {tr("Time"), tr("Store"), tr("Answer"), tr("Why"), tr("From"), tr("What the sender was told")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    auto *about = new QLabel(tr("The latest %1 since Integrator started. A store refused for its token %2 times in a "
                                "row raises an alert; give it the push token shown in Stores.")
                                 .arg(PushRefusals::kept)
                                 .arg(PushRefusals::alertAfter),
                             this);
    about->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(900, 420);
    connect(&m_backend, &Backend::tick, this, &RefusedPushesDialog::fill);
    fill();
}

void RefusedPushesDialog::fill()
{
    const PushRefusals &refusals = m_backend.engine().pushRefusals();
    if (refusals.total() == m_shownTotal)
        return;
    m_shownTotal = refusals.total();
    m_list->clear();
    for (const PushRefusals::Refusal &r : refusals.recent()) {
        auto *item = new QTreeWidgetItem(
            m_list, {timeText(r.atMs), r.store, QString::number(r.status), r.reason, r.from, r.detail});
        item->setToolTip(5, r.detail);
    }
}

} // namespace ui
