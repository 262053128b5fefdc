// The request that sends a delivery, built without sockets: where it goes, what it carries, and a signature
// that a receiver checking Standard Webhooks by itself accepts.

#include "core/Json.h"
#include "dispatch/DeliveryRequest.h"

#include <QMessageAuthenticationCode>

#include <gtest/gtest.h>

#include <algorithm>

using namespace engine;

namespace {

constexpr qint64 now = 1'790'000'000'123;

EndpointTarget endpoint(QByteArray url = "http://warehouse.example:8080/hub")
{
    EndpointTarget t;
    t.name = QStringLiteral("warehouse");
    t.url = std::move(url);
    t.timeoutMs = 4'000;
    return t;
}

SubscriptionTarget subscription(QByteArray path = "/orders")
{
    SubscriptionTarget s;
    s.endpointId = 1;
    s.path = std::move(path);
    s.parameters = R"([{"name":"since","value":"2026-11-30"}])";
    return s;
}

DeliveryToSend delivery()
{
    return {"65a1b2c3d4e5f60718293a4b", "order:new", "main", R"({"order":{"number":"R100"}})", {}};
}

// The value of a header, or an empty one when it is not there.
QByteArray header(const HttpSender::Request &r, const QByteArray &name)
{
    for (const QByteArray &h : r.headers) {
        if (h.startsWith(name + ": "))
            return h.mid(name.size() + 2);
    }
    return {};
}

bool hasHeader(const HttpSender::Request &r, const QByteArray &name)
{
    return std::any_of(r.headers.begin(), r.headers.end(),
                       [&](const QByteArray &h) { return h.startsWith(name + ":"); });
}

} // namespace

TEST(DeliveryRequest, JoinsTheEndpointUrlAndThePathWithOneSlash)
{
    EXPECT_EQ(joinUrl("http://e.example/hub", "/orders"), "http://e.example/hub/orders");
    EXPECT_EQ(joinUrl("http://e.example/hub/", "/orders"), "http://e.example/hub/orders");
    EXPECT_EQ(joinUrl("http://e.example/hub", ""), "http://e.example/hub");
    EXPECT_EQ(joinUrl("http://e.example/hub", "/"), "http://e.example/hub/"); // the path asks for the slash
    EXPECT_EQ(joinUrl("http://e.example/hub/", "/"), "http://e.example/hub/");
}

TEST(DeliveryRequest, GoesToTheSubscriptionsPathOrToTheUpdateUrlAnEarlierReplyGave)
{
    HttpSender::Request first = deliveryRequest(endpoint(), subscription(), delivery(), now);
    EXPECT_EQ(first.url, "http://warehouse.example:8080/hub/orders");
    EXPECT_EQ(first.timeoutMs, 4'000);

    DeliveryToSend again = delivery();
    again.updateUrl = "http://warehouse.example:8080/hub/orders/R100";
    EXPECT_EQ(deliveryRequest(endpoint(), subscription(), again, now).url, again.updateUrl);
}

TEST(DeliveryRequest, CarriesTheMessageWithTheSubscriptionsParameters)
{
    const HttpSender::Request r = deliveryRequest(endpoint(), subscription(), delivery(), now);
    const Json body = Json::parse(r.body.toStdString());
    EXPECT_EQ(body["message"], "order:new");
    EXPECT_EQ(body["message_id"], "65a1b2c3d4e5f60718293a4b");
    EXPECT_EQ(body["payload"]["order"]["number"], "R100");
    ASSERT_EQ(body["payload"]["parameters"].size(), 1u);
    EXPECT_EQ(body["payload"]["parameters"][0]["value"], "2026-11-30");
    EXPECT_EQ(header(r, "X-Hub-Store"), "main");
}

TEST(DeliveryRequest, SendsTheTokenUnderBothNamesOnlyWhenTheEndpointHasOne)
{
    EndpointTarget plain = endpoint();
    const HttpSender::Request without = deliveryRequest(plain, subscription(), delivery(), now);
    EXPECT_FALSE(hasHeader(without, "X-Hub-Token"));
    EXPECT_FALSE(hasHeader(without, "X-Augury-Token"));
    EXPECT_FALSE(hasHeader(without, "webhook-signature"));

    plain.token = "s3cret";
    const HttpSender::Request with = deliveryRequest(plain, subscription(), delivery(), now);
    EXPECT_EQ(header(with, "X-Hub-Token"), "s3cret");
    EXPECT_EQ(header(with, "X-Augury-Token"), "s3cret");
}

TEST(DeliveryRequest, IsSignedSoThatAReceiverCheckingByItselfAcceptsIt)
{
    EndpointTarget signing = endpoint();
    signing.signingKey = "a key of the endpoint's";
    const HttpSender::Request r = deliveryRequest(signing, subscription(), delivery(), now);
    EXPECT_EQ(header(r, "webhook-id"), "65a1b2c3d4e5f60718293a4b");
    EXPECT_EQ(header(r, "webhook-timestamp"), "1790000000");

    // What a receiver computes: HMAC-SHA256 over "<id>.<timestamp>.<body>", base64, after "v1,".
    const QByteArray signed_ = header(r, "webhook-id") + '.' + header(r, "webhook-timestamp") + '.' + r.body;
    const QByteArray expected =
        "v1," + QMessageAuthenticationCode::hash(signed_, signing.signingKey, QCryptographicHash::Sha256).toBase64();
    EXPECT_EQ(header(r, "webhook-signature"), expected);

    // Another body under the same headers would not pass.
    EXPECT_NE(
        expected,
        "v1," +
            QMessageAuthenticationCode::hash(signed_ + ' ', signing.signingKey, QCryptographicHash::Sha256).toBase64());
}
