#include "OrderMessage.h"

#include <QFile>
#include <QtGlobal>

namespace bench {

engine::Json orderMessage()
{
    QFile file(QStringLiteral(TEST_DATA_DIR "/order-new.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    engine::Json doc = engine::Json::parse(file.readAll().toStdString());
    doc.erase("message_id");
    doc["payload"].erase("original");
    return doc;
}

} // namespace bench
