#include "PushTls.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

namespace engine {

namespace PushTls {

namespace {
Result<QByteArray> readPem(const QString &path, const char *what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{
            QStringLiteral("cannot read the TLS %1 %2: %3").arg(QLatin1String(what), path, file.errorString())};
    return file.readAll();
}
} // namespace

Result<QSslConfiguration> load(const Files &files)
{
    if (files.certificate.isEmpty() || files.key.isEmpty())
        return Error{QStringLiteral("TLS for the push API takes both --tls-cert and --tls-key")};
    if (!QSslSocket::supportsSsl())
        return runtimeError(QStringLiteral("TLS is not available: Qt found no TLS library (%1)")
                                .arg(QSslSocket::sslLibraryBuildVersionString()));
    Result<QByteArray> certificatePem = readPem(files.certificate, "certificate");
    if (!certificatePem)
        return certificatePem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.front().isNull())
        return Error{QStringLiteral("the TLS certificate %1 holds no PEM certificate").arg(files.certificate)};
    Result<QByteArray> keyPem = readPem(files.key, "key");
    if (!keyPem)
        return keyPem.error();
    QSslKey key(*keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(*keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return Error{QStringLiteral("the TLS key %1 holds no unencrypted PEM private key (RSA or EC)").arg(files.key)};

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // stores prove themselves with their push tokens
    return config;
}

QString exposureWarning(const QHostAddress &address, quint16 port, bool tls)
{
    if (tls || address.isLoopback())
        return {};
    const QString where = address.protocol() == QAbstractSocket::IPv6Protocol
                              ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
                              : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
    return QStringLiteral("The push API listens on %1 without TLS: push tokens and messages cross the network "
                          "unencrypted. Start Integrator with --tls-cert FILE --tls-key FILE, or listen on "
                          "127.0.0.1 behind a proxy that does TLS.")
        .arg(where);
}

} // namespace PushTls

} // namespace engine
