// The push API over real HTTP (DESIGN §5): every status with its body, nothing stored after an error,
// idempotent ids, batches, the auth variants, group commit, and connections that misbehave.

#include "support/HttpClient.h"
#include "support/TestDatabase.h"
#include "support/WaitUntil.h"

#include "Engine.h"
#include "core/BlockingHttp.h"
#include "storage/ConfigStore.h"
#include "storage/EventStore.h"
#include "support/TestWriter.h"

#include <QFile>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <future>
#include <thread>

using namespace engine;
using test::HttpClient;
using test::HttpResponse;

namespace {

const QByteArray mainToken = "main-token-0123456789";
const QByteArray outletToken = "outlet-token-0123456789";

QList<QByteArray> jsonWith(const QByteArray &tokenHeader)
{
    return {"Content-Type: application/json", tokenHeader};
}
QList<QByteArray> asMain()
{
    return jsonWith("X-Hub-Access-Token: " + mainToken);
}

class PushApi : public ::testing::Test {
protected:
    void SetUp() override { start({}); }

    void start(PushHttpServer::Options push)
    {
        Configuration config = test::basicConfiguration();
        config.stores[0].pushToken = QString::fromLatin1(mainToken);
        Store outlet = config.stores[0];
        outlet.id = QStringLiteral("outlet");
        outlet.pushToken = QString::fromLatin1(outletToken);
        config.stores.push_back(outlet);
        Subscription orders;
        orders.endpoint = QStringLiteral("warehouse");
        orders.messages = {QStringLiteral("order:*")};
        config.subscriptions.push_back(orders);
        ASSERT_TRUE(test::replaceConfiguration(db.path(), config).ok());
        push.port = 0;
        push.limits.requestTimeoutMs = 1000;
        engine = std::make_unique<Engine>(Engine::Options{.databasePath = db.path(), .push = push});
        ASSERT_TRUE(engine->start().ok());
        port = engine->pushPort();
        ASSERT_NE(port, 0);
    }

    int messages() { return db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt(); }

    // Expects an error reply: the status, a JSON "error" that says `says`, and nothing stored.
    void expectRefused(const HttpResponse &r, int status, const char *says)
    {
        EXPECT_EQ(r.status, status) << r.body.constData();
        EXPECT_EQ(r.header("Content-Type"), "application/json");
        EXPECT_TRUE(r.json("error").contains(says)) << r.body.constData();
        EXPECT_EQ(messages(), 0) << "nothing is stored for a request that fails";
    }

    test::TestDatabase db;
    std::unique_ptr<Engine> engine;
    quint16 port = 0;
};

} // namespace

TEST_F(PushApi, OneMessageIsStoredBeforeItIsAcknowledged)
{
    HttpClient client(port);
    const HttpResponse r = client.post("/api/stores/main/messages",
                                       R"({"message":"order:new","payload":{"order":{"number":"R1"}}})", asMain());
    ASSERT_EQ(r.status, 202) << r.body.constData();
    const QByteArray id = r.json("message_id");
    EXPECT_EQ(id.size(), 24);
    // Acknowledged means committed: a fresh connection sees it at once, with its delivery.
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT state FROM messages WHERE id = '%1'").arg(QLatin1String(id))).toString(),
              QStringLiteral("accepted"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE parent_id = '%1'").arg(QLatin1String(id)))
                  .toInt(),
              1);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT source FROM messages")).toString(), QStringLiteral("push"));
}

TEST_F(PushApi, EveryWayToAuthenticate)
{
    HttpClient client(port);
    const QByteArray body = R"({"message":"stock:change","payload":{}})";
    EXPECT_EQ(client.post("/api/stores/main/messages", body, asMain()).status, 202);
    EXPECT_EQ(client
                  .post("/api/messages", body,
                        {"Content-Type: application/json", "X-Hub-Store: main", "X-Hub-Access-Token: " + mainToken})
                  .status,
              202);
    EXPECT_EQ(client.post("/api/stores/outlet/messages", body, jsonWith("X-Augury-Token: " + outletToken)).status, 202)
        << "the legacy header";
    EXPECT_EQ(client
                  .post("/api/messages", body,
                        {"Content-Type: application/json", "X-Hub-Store: outlet", "X-Augury-Token: " + outletToken})
                  .status,
              202);
    EXPECT_EQ(messages(), 4);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM messages WHERE store_id = 'outlet'")).toInt(), 2);
}

TEST_F(PushApi, AuthenticationFailures)
{
    HttpClient client(port);
    const QByteArray body = R"({"message":"stock:change","payload":{}})";
    expectRefused(client.post("/api/stores/main/messages", body, {"Content-Type: application/json"}), 401,
                  "X-Hub-Access-Token");
    expectRefused(client.post("/api/stores/main/messages", body, jsonWith("X-Hub-Access-Token: " + outletToken)), 401,
                  "not the push token of store 'main'");
    expectRefused(client.post("/api/stores/main/messages", body, jsonWith("X-Hub-Access-Token: " + mainToken + "x")),
                  401, "not the push token");
    expectRefused(client.post("/api/stores/nowhere/messages", body, asMain()), 404, "there is no store 'nowhere'");
    expectRefused(client.post("/api/messages", body, asMain()), 404, "X-Hub-Store");
    expectRefused(client.get("/api/stores/main/queues", {}), 401, "X-Hub-Access-Token");
    EXPECT_TRUE(client.isConnected()) << "errors keep the connection open";
}

TEST_F(PushApi, RefusalsAreCountedByReasonKeptWithTheirSenderAndATokenRefusedInARowRaisesAnAlert)
{
    HttpClient client(port);
    const QByteArray body = R"({"message":"order:new","payload":{"order":{"number":"R1"}}})";
    const QString open = QStringLiteral(
        "SELECT count(*) FROM alerts WHERE kind = 'store_push_refused' AND subject = 'main' AND resolved_at IS NULL");
    EXPECT_EQ(client.post("/api/stores/main/messages", "{", asMain()).status, 400);
    EXPECT_EQ(client.post("/api/stores/main/messages", body, {"X-Hub-Access-Token: " + mainToken}).status, 415);
    EXPECT_EQ(client.post("/api/stores/main/messages", R"({"message":"Order","payload":{}})", asMain()).status, 422);
    for (int i = 0; i < PushRefusals::alertAfter; ++i)
        EXPECT_EQ(client.post("/api/stores/main/messages", body, jsonWith("X-Hub-Access-Token: wrong")).status, 401);
    ASSERT_TRUE(test::waitUntil([&] { return db.scalar(open).toInt() == 1; }));
    EXPECT_TRUE(db.scalar(QStringLiteral("SELECT detail FROM alerts WHERE kind = 'store_push_refused'"))
                    .toString()
                    .contains(QStringLiteral("not the push token of store 'main' (the last from 127.0.0.1)")));

    const PushRefusals &refusals = engine->pushRefusals();
    EXPECT_EQ(refusals.total(), 3 + PushRefusals::alertAfter);
    const std::map<QString, qint64> expected{{PushRefusals::MalformedBody, 1},
                                             {PushRefusals::NotJson, 1},
                                             {PushRefusals::InvalidMessage, 1},
                                             {PushRefusals::WrongToken, PushRefusals::alertAfter}};
    EXPECT_EQ(refusals.countsByReason(), expected);
    const std::vector<PushRefusals::Refusal> recent = refusals.recent();
    ASSERT_EQ(recent.size(), size_t(3 + PushRefusals::alertAfter));
    EXPECT_EQ(recent.front().reason, PushRefusals::WrongToken) << "newest first";
    EXPECT_EQ(recent.front().status, 401);
    EXPECT_EQ(recent.front().store, QStringLiteral("main"));
    EXPECT_EQ(recent.front().from, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(recent.back().reason, PushRefusals::MalformedBody);

    // After a restart, the store's next push with its token is let in, and that ends the alert.
    engine->stop();
    engine.reset();
    start({});
    HttpClient again(port);
    EXPECT_EQ(again.post("/api/stores/main/messages", body, asMain()).status, 202);
    ASSERT_TRUE(test::waitUntil([&] { return db.scalar(open).toInt() == 0; }));
}

TEST_F(PushApi, BodyErrors)
{
    HttpClient client(port);
    expectRefused(client.post("/api/stores/main/messages", R"({"message":"order:new",)", asMain()), 400,
                  "not valid JSON");
    expectRefused(client.post("/api/stores/main/messages", "", asMain()), 400, "the body is empty");
    expectRefused(client.post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})",
                              {"Content-Type: text/plain", "X-Hub-Access-Token: " + mainToken}),
                  415, "Content-Type: application/json");
    expectRefused(client.post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})",
                              {"X-Hub-Access-Token: " + mainToken}),
                  415, "Content-Type");

    const HttpResponse typeError =
        client.post("/api/stores/main/messages", R"({"message":"Order","payload":{}})", asMain());
    expectRefused(typeError, 422, "not valid");
    EXPECT_TRUE(typeError.json("errors").contains("noun:verb")) << typeError.body.constData();
    const HttpResponse payloadError =
        client.post("/api/stores/main/messages", R"({"message":"order:new","payload":[]})", asMain());
    expectRefused(payloadError, 422, "not valid");
    EXPECT_TRUE(payloadError.json("errors").contains("\"payload\"")) << payloadError.body.constData();
    expectRefused(client.post("/api/stores/main/messages", R"({"message":"order:new","payload":{},"message_id":"123"})",
                              asMain()),
                  422, "not valid");
    expectRefused(client.post("/api/stores/main/messages", R"([1,2])", asMain()), 422, "not valid");
    // A JSON content type with a charset is JSON.
    EXPECT_EQ(client
                  .post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})",
                        {"Content-Type: application/json; charset=utf-8", "X-Hub-Access-Token: " + mainToken})
                  .status,
              202);
}

TEST_F(PushApi, RoutesAndMethods)
{
    HttpClient client(port);
    const HttpResponse getOnPost = client.get("/api/stores/main/messages", asMain());
    expectRefused(getOnPost, 405, "use POST");
    EXPECT_EQ(getOnPost.header("Allow"), "POST");
    const HttpResponse postOnGet = client.post("/api/stores/main/queues", "{}", asMain());
    EXPECT_EQ(postOnGet.status, 405);
    EXPECT_EQ(postOnGet.header("Allow"), "GET");
    expectRefused(client.get("/api/nothing", asMain()), 404, "there is nothing at /api/nothing");
    expectRefused(client.get("/", asMain()), 404, "there is nothing");

    HttpClient other(port);
    other.send(HttpClient::request("DELETE", "/api/stores/main/messages", {}, asMain()));
    expectRefused(other.read(), 405, "DELETE is not answered here");
    EXPECT_TRUE(other.waitClosed());
}

TEST_F(PushApi, Batches)
{
    HttpClient client(port);
    const HttpResponse ok = client.post(
        "/api/stores/main/messages",
        R"({"messages":[{"message":"order:new","payload":{"n":1}},{"message":"user:new","payload":{"n":2},"message_id":"5287b0e4a5f8f1c2d3000002"}]})",
        asMain());
    ASSERT_EQ(ok.status, 202) << ok.body.constData();
    const engine::Json ids = engine::Json::parse(ok.json("message_id").toStdString());
    ASSERT_TRUE(ids.is_array());
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_EQ(ids[1], "5287b0e4a5f8f1c2d3000002");
    EXPECT_EQ(messages(), 2);

    const HttpResponse bad = client.post(
        "/api/stores/main/messages",
        R"({"messages":[{"message":"order:new","payload":{}},{"message":"order:new","payload":5},{"message":"x","payload":{}}]})",
        asMain());
    EXPECT_EQ(bad.status, 422);
    const engine::Json errors = engine::Json::parse(bad.json("errors").toStdString());
    EXPECT_FALSE(errors.contains("0"));
    EXPECT_TRUE(errors["1"].contains("payload")) << bad.body.constData();
    EXPECT_TRUE(errors["2"].contains("message")) << bad.body.constData();
    EXPECT_TRUE(bad.json("error").contains("2 of the 3")) << bad.body.constData();
    EXPECT_EQ(messages(), 2) << "a batch with any bad message stores nothing";

    EXPECT_EQ(client.post("/api/stores/main/messages", R"({"messages":[]})", asMain()).status, 422);
    EXPECT_EQ(client.post("/api/stores/main/messages", R"({"messages":{}})", asMain()).status, 422);
}

TEST_F(PushApi, AnIdTheHubHasIsAcknowledgedAgainAndStoredOnce)
{
    HttpClient client(port);
    const QByteArray body = R"({"message":"order:new","message_id":"5287b0e4a5f8f1c2d3000009","payload":{"v":1}})";
    const HttpResponse first = client.post("/api/stores/main/messages", body, asMain());
    const HttpResponse again = client.post("/api/stores/main/messages", body, asMain());
    EXPECT_EQ(first.status, 202);
    EXPECT_EQ(again.status, 202);
    EXPECT_EQ(again.json("message_id"), "5287b0e4a5f8f1c2d3000009");
    EXPECT_EQ(messages(), 1);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM deliveries")).toInt(), 1) << "no second copy either";
}

TEST_F(PushApi, ReadingQueuesAndMessages)
{
    HttpClient client(port);
    const QByteArray id =
        client
            .post("/api/stores/main/messages",
                  R"({"message":"order:new","payload":{"order":{"number":"R7"}},"trace":"x"})", asMain())
            .json("message_id");
    client.post("/api/stores/main/messages", R"({"message":"user:new","payload":{}})", asMain());

    const HttpResponse queues = client.get("/api/stores/main/queues", {"X-Hub-Access-Token: " + mainToken});
    ASSERT_EQ(queues.status, 200) << queues.body.constData();
    const engine::Json incoming = engine::Json::parse(queues.json("incoming").toStdString());
    const engine::Json accepted = engine::Json::parse(queues.json("accepted").toStdString());
    EXPECT_EQ(incoming["accepted"], 1);
    EXPECT_EQ(incoming["skipped"], 1);
    EXPECT_EQ(accepted["pending"], 1);
    EXPECT_EQ(accepted["parked"], 0);
    for (DeliveryState state : allDeliveryStates)
        EXPECT_TRUE(accepted.contains(deliveryStateName(state))) << "every state is counted, zeros too: " << accepted;
    EXPECT_EQ(engine::Json::parse(client.get("/api/stores/outlet/queues", {"X-Hub-Access-Token: " + outletToken})
                                      .json("incoming")
                                      .toStdString())["accepted"],
              0)
        << "counts are per store";

    const HttpResponse found = client.get("/api/stores/main/messages/" + id, {"X-Hub-Access-Token: " + mainToken});
    ASSERT_EQ(found.status, 200) << found.body.constData();
    const engine::Json body = engine::Json::parse(found.body.toStdString());
    EXPECT_EQ(body["message"]["payload"]["order"]["number"], "R7");
    EXPECT_EQ(body["message"]["trace"], "x");
    EXPECT_EQ(body["state"], "accepted");
    ASSERT_EQ(body["deliveries"].size(), 1u);
    EXPECT_EQ(body["deliveries"][0]["endpoint"], "warehouse");
    EXPECT_EQ(body["deliveries"][0]["state"], "pending");

    EXPECT_EQ(client.get("/api/stores/outlet/messages/" + id, {"X-Hub-Access-Token: " + outletToken}).status, 404)
        << "another store's message is not there";
    EXPECT_EQ(
        client.get("/api/stores/main/messages/000000000000000000000000", {"X-Hub-Access-Token: " + mainToken}).status,
        404);
    EXPECT_EQ(client.get("/api/stores/main/messages/xyz", {"X-Hub-Access-Token: " + mainToken}).status, 404);
}

TEST_F(PushApi, KeepAliveCarriesManyRequests)
{
    HttpClient client(port);
    for (int i = 0; i < 200; ++i) {
        const HttpResponse r =
            client.post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})", asMain());
        ASSERT_EQ(r.status, 202) << i;
        EXPECT_EQ(r.header("Connection"), "keep-alive");
    }
    EXPECT_EQ(messages(), 200);
    EXPECT_EQ(engine->pushConnections(), 1);
}

TEST_F(PushApi, ConnectionCloseAndHttp10AreHonoured)
{
    HttpClient closing(port);
    QList<QByteArray> headers = asMain();
    headers << "Connection: close";
    EXPECT_EQ(closing.post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})", headers).status,
              202);
    EXPECT_TRUE(closing.waitClosed());

    HttpClient old(port);
    old.send("POST /api/stores/main/messages HTTP/1.0\r\nContent-Type: application/json\r\nX-Hub-Access-Token: " +
             mainToken + "\r\nContent-Length: 36\r\n\r\n" + R"({"message":"order:new","payload":{}})");
    EXPECT_EQ(old.read().status, 202);
    EXPECT_TRUE(old.waitClosed());
}

TEST_F(PushApi, TooLargeChunkedAndHugeHeadersAreRefusedEarly)
{
    HttpClient big(port);
    big.send("POST /api/stores/main/messages HTTP/1.1\r\nContent-Type: application/json\r\nX-Hub-Access-Token: " +
             mainToken + "\r\nContent-Length: 1048577\r\n\r\n");
    const HttpResponse tooLarge = big.read();
    expectRefused(tooLarge, 413, "limit is 1048576");
    EXPECT_TRUE(big.waitClosed());

    HttpClient chunked(port);
    chunked.send("POST /api/stores/main/messages HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                 "chunked\r\n\r\n5\r\n{...}\r\n0\r\n\r\n");
    expectRefused(chunked.read(), 411, "Content-Length");

    HttpClient headers(port);
    headers.send("GET /api/stores/main/queues HTTP/1.1\r\nX-Junk: " + QByteArray(20000, 'a') + "\r\n\r\n");
    expectRefused(headers.read(), 431, "header fields are larger");

    // Right at the limit is fine.
    HttpClient atLimit(port);
    QByteArray body = R"({"message":"order:new","payload":{"pad":")" + QByteArray(1048576 - 44, 'x') + "\"}}";
    ASSERT_EQ(body.size(), 1048576);
    EXPECT_EQ(atLimit.post("/api/stores/main/messages", body, asMain()).status, 202);
}

TEST_F(PushApi, ExpectContinueIsAnswered)
{
    HttpClient client(port);
    const QByteArray body = R"({"message":"order:new","payload":{}})";
    client.send("POST /api/stores/main/messages HTTP/1.1\r\nContent-Type: application/json\r\nX-Hub-Access-Token: " +
                mainToken + "\r\nExpect: 100-continue\r\nContent-Length: " + QByteArray::number(body.size()) +
                "\r\n\r\n");
    // The interim answer comes before the body is sent.
    EXPECT_EQ(client.read(3000, false).status, 100);
    client.send(body);
    EXPECT_EQ(client.read().status, 202);
}

TEST_F(PushApi, MalformedRequestsAreAnsweredAndCleanedUp)
{
    const QList<QByteArray> garbage{
        "GARBAGE\r\n\r\n",
        "POST /api/stores/main/messages HTTP/9.9\r\n\r\n",
        "POST /api/stores/main/messages HTTP/1.1\r\nBad Header: x\r\n\r\n",
        "POST /api/stores/main/messages HTTP/1.1\r\nContent-Length: 12x\r\n\r\n",
        "POST /api/stores/main/messages HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "GET /api/st ores HTTP/1.1\r\n\r\n",
        "GET /\x01 HTTP/1.1\r\n\r\n",
        "POST /x HTTP/1.1\nHost: a\n\n",
        "POST /x HTTP/1.1\r\nHost: a\rb\r\n\r\n",
        "POST /x HTTP/1.1\r\n folded: header\r\n\r\n",
        "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
    };
    for (const QByteArray &bytes : garbage) {
        HttpClient client(port);
        client.send(bytes);
        const HttpResponse r = client.read(3000);
        EXPECT_TRUE(r.status == 400 || r.status == 405) << bytes.toPercentEncoding().constData() << " got " << r.status;
        EXPECT_TRUE(client.waitClosed()) << bytes.toPercentEncoding().constData();
    }
    // Every one of those connections is gone from the server, not just from here.
    EXPECT_TRUE(test::waitUntil([&] { return engine->pushConnections() == 0; }))
        << engine->pushConnections() << " still open";
    EXPECT_EQ(messages(), 0);

    // And the server still answers.
    HttpClient client(port);
    EXPECT_EQ(client.post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})", asMain()).status,
              202);
}

TEST_F(PushApi, PipelinedRequestsAreRefusedRatherThanLost)
{
    HttpClient client(port);
    const QByteArray one =
        HttpClient::request("POST", "/api/stores/main/messages", R"({"message":"order:new","payload":{}})", asMain());
    client.send(one + one);
    const HttpResponse r = client.read();
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(r.json("error").contains("pipelined")) << r.body.constData();
    EXPECT_TRUE(client.waitClosed());
}

TEST_F(PushApi, AStalledSenderDoesNotHoldUpOthersAndTimesOut)
{
    HttpClient stalled(port);
    stalled.send("POST /api/stores/main/messages HTTP/1.1\r\nContent-Type: application/json\r\nX-Hub-Access-Token: " +
                 mainToken + "\r\nContent-Length: 100\r\n\r\n{\"message\":");

    HttpClient other(port);
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(other.post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})", asMain()).status,
                  202);
    // Had the others waited behind it, the stalled one would have had its 408 by now.
    EXPECT_EQ(stalled.read(0).status, 0) << "others were served while the stalled request was still open";

    const HttpResponse timedOut = stalled.read(5000);
    EXPECT_EQ(timedOut.status, 408);
    EXPECT_TRUE(stalled.waitClosed());
    EXPECT_EQ(messages(), 20);
}

TEST_F(PushApi, DroppedConnectionsLeaveNothingBehind)
{
    const qint64 acceptedBefore = engine->pushConnectionsAccepted();
    for (int i = 0; i < 50; ++i) {
        HttpClient client(port);
        client.send("POST /api/stores/main/messages HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                    "500\r\n\r\n{");
    } // each closes half-way through its request
    // First until the server has seen them all (it accepts on its own thread, later than the clients connect),
    // then until it has let every one go.
    ASSERT_TRUE(test::waitUntil([&] { return engine->pushConnectionsAccepted() - acceptedBefore >= 50; }));
    EXPECT_TRUE(test::waitUntil([&] { return engine->pushConnections() == 0; }))
        << engine->pushConnections() << " still open";
    EXPECT_EQ(messages(), 0);
}

TEST_F(PushApi, ManyClientsAtOnceShareCommits)
{
    const qint64 transactionsBefore = engine->writer().committedTransactions();
    constexpr int clients = 16;
    constexpr int perClient = 50;
    std::vector<std::thread> threads;
    std::atomic<int> accepted{0};
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            HttpClient client(port);
            for (int i = 0; i < perClient; ++i) {
                const QByteArray body = R"({"message":"order:new","payload":{"c":)" + QByteArray::number(c) + "}}";
                if (client.post("/api/stores/main/messages", body, asMain()).status == 202)
                    ++accepted;
            }
        });
    }
    for (auto &t : threads)
        t.join();
    EXPECT_EQ(accepted.load(), clients * perClient);
    EXPECT_EQ(messages(), clients * perClient);
    const qint64 transactions = engine->writer().committedTransactions() - transactionsBefore;
    EXPECT_LT(transactions, clients * perClient) << "requests that arrive together share a commit";
    RecordProperty("transactions", int(transactions));
}

TEST_F(PushApi, AFailedCommitAnswers503ToEveryRequestInItAndStoresNothing)
{
    // A deferred foreign key is checked at COMMIT: a message of type fail:commit makes the commit itself fail.
    ASSERT_TRUE(engine->writer()
                    .execute([](WriteTransaction &tx) {
                        for (const char *sql : {"CREATE TABLE commit_parent (id INTEGER PRIMARY KEY)",
                                                "CREATE TABLE commit_guard (ref INTEGER REFERENCES commit_parent (id) "
                                                "DEFERRABLE INITIALLY DEFERRED)"}) {
                            if (Status ok = tx.exec(QLatin1String(sql)); !ok)
                                return ok;
                        }
                        return tx.exec(test::TestDatabase::trigger(
                            QStringLiteral("fail_commit"), QStringLiteral("AFTER INSERT"), QStringLiteral("messages"),
                            QStringLiteral("NEW.type = 'fail:commit'"),
                            QStringLiteral("INSERT INTO commit_guard (ref) VALUES (-1)")));
                    })
                    .ok());
    // Hold the writer so that both requests wait for the same transaction.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<void> holding;
    engine->writer().submit([&](WriteTransaction &) -> Status {
        holding.set_value();
        released.wait();
        return {};
    });
    holding.get_future().wait();

    HttpClient good(port), bad(port);
    good.send(
        HttpClient::request("POST", "/api/stores/main/messages", R"({"message":"order:new","payload":{}})", asMain()));
    bad.send(HttpClient::request("POST", "/api/stores/main/messages", R"({"message":"fail:commit","payload":{}})",
                                 asMain()));
    EXPECT_TRUE(test::waitUntil([&] { return engine->writer().queuedWeight() >= 2; })); // released either way
    release.set_value();

    const HttpResponse r1 = good.read();
    const HttpResponse r2 = bad.read();
    EXPECT_EQ(r1.status, 503) << r1.body.constData();
    EXPECT_EQ(r2.status, 503) << r2.body.constData();
    EXPECT_TRUE(r1.json("error").contains("nothing was stored")) << r1.body.constData();
    EXPECT_EQ(r1.header("Retry-After"), "1");
    EXPECT_EQ(messages(), 0);
    // The hub goes on taking messages afterwards.
    EXPECT_EQ(good.post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})", asMain()).status, 202);
}

TEST(PushApiLimits, ABackedUpWriterAnswers503AndTheConnectionLimitHolds)
{
    test::TestDatabase db;
    PushHttpServer::Options options;
    options.port = 0;
    options.maxQueuedMessages = -1; // always "too far behind"
    options.maxConnections = 2;
    Engine engine({.databasePath = db.path(), .push = options});
    ASSERT_TRUE(engine.start().ok());
    const QString token = db.scalar(QStringLiteral("SELECT push_token FROM stores WHERE id = 'main'")).toString();

    HttpClient a(engine.pushPort()), b(engine.pushPort());
    const HttpResponse busy = a.post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})",
                                     jsonWith("X-Hub-Access-Token: " + token.toLatin1()));
    EXPECT_EQ(busy.status, 503);
    EXPECT_EQ(busy.header("Retry-After"), "1");
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 0);

    HttpClient third(engine.pushPort());
    const HttpResponse refused = third.read();
    EXPECT_EQ(refused.status, 503);
    EXPECT_TRUE(refused.json("error").contains("too many connections")) << refused.body.constData();
}

namespace {
// Garbage, half requests, stalls cut off and refused bodies, over fresh connections.
void misbehave(quint16 port, int rounds)
{
    for (int i = 0; i < rounds; ++i) {
        HttpClient client(port);
        switch (i % 4) {
        case 0:
            client.send("GARBAGE / HTTP/1.1\r\n\r\n");
            break;
        case 1: // half a request, then gone
            client.send("POST /api/stores/main/messages HTTP/1.1\r\nContent-Length: 900\r\n\r\n{\"message\"");
            continue;
        case 2:
            client.send("POST /api/stores/main/messages HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n");
            break;
        default:
            client.send("POST /api/stores/main/messages HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
            break;
        }
        client.read(200);
    }
}
} // namespace

TEST_F(PushApi, MisbehavingClientsLeaveNothingHeld)
{
    // Counted by what the server holds, not by the allocator: every connection seen, none kept.
    const qint64 acceptedBefore = engine->pushConnectionsAccepted();
    misbehave(port, 3000);
    ASSERT_TRUE(test::waitUntil([&] { return engine->pushConnectionsAccepted() - acceptedBefore >= 3000; }))
        << engine->pushConnectionsAccepted() - acceptedBefore;
    EXPECT_TRUE(test::waitUntil([&] { return engine->pushConnections() == 0; }))
        << engine->pushConnections() << " still open";
    EXPECT_EQ(messages(), 0);
}

TEST_F(PushApi, EventsAreReadByObjectLevelAndPageWithTheStoresToken)
{
    ASSERT_TRUE(engine->writer()
                    .execute([](WriteTransaction &tx) {
                        const auto event = [](const char *store, const char *level, const char *order) {
                            Event e;
                            e.storeId = QLatin1String(store);
                            e.level = QLatin1String(level);
                            e.origin = QStringLiteral("endpoint:warehouse");
                            e.subject = QStringLiteral("About %1").arg(QLatin1String(order));
                            if (*order) {
                                e.referenceType = QStringLiteral("order");
                                e.referenceId = QLatin1String(order);
                            }
                            return e;
                        };
                        for (const Event &e : {event("main", "warn", "R7"), event("main", "info", "R9"),
                                               event("outlet", "error", "R8"), event("", "info", "")}) {
                            if (Status ok = EventStore::record(tx, e, 1'780'000'000'000); !ok)
                                return ok;
                        }
                        return Status{};
                    })
                    .ok());
    HttpClient client(port);
    const auto events = [&](const QByteArray &query, const QByteArray &token = mainToken) {
        return client.get("/api/stores/main/events" + query, {"X-Hub-Access-Token: " + token});
    };
    const auto subjects = [](const HttpResponse &r) {
        std::vector<std::string> out;
        const Json body = Json::parse(r.body.toStdString());
        for (const Json &e : body["events"])
            out.push_back(e["subject"].get<std::string>());
        std::sort(out.begin(), out.end());
        return out;
    };

    const HttpResponse order = events("?reference_type=order&reference_id=R7");
    ASSERT_EQ(order.status, 200) << order.body.constData();
    EXPECT_EQ(subjects(order), (std::vector<std::string>{"About R7"}));
    const Json first = Json::parse(order.body.toStdString())["events"][0];
    EXPECT_EQ(first["level"], "warn");
    EXPECT_EQ(first["reference_id"], "R7");
    EXPECT_EQ(first["origin"], "endpoint:warehouse");
    EXPECT_EQ(subjects(events("?level=warn")), (std::vector<std::string>{"About R7"}));
    EXPECT_EQ(subjects(events("")), (std::vector<std::string>{"About ", "About R7", "About R9"}))
        << "the store's own and the hub's, not another store's";
    EXPECT_EQ(subjects(events("?page=2")), std::vector<std::string>{});

    expectRefused(events("?level=loud"), 400, "not a level");
    expectRefused(events("?page=0"), 400, "page");
    expectRefused(events("", outletToken), 401, "not the push token");
    expectRefused(client.post("/api/stores/main/events", "{}", asMain()), 405, "GET");
}

namespace {

// A test authority and a certificate it signed for 127.0.0.1 (tests/data/tls).
QString tlsFile(const char *name)
{
    return QStringLiteral(TEST_DATA_DIR "/tls/") + QLatin1String(name);
}

BlockingHttp::Request pushOverHttps(quint16 port)
{
    BlockingHttp::Request request;
    request.method = "POST";
    request.url = "https://127.0.0.1:" + QByteArray::number(port) + "/api/stores/main/messages";
    request.headers = {"Content-Type: application/json", "X-Hub-Access-Token: " + mainToken};
    request.body = R"({"message":"order:new","payload":{"order":{"number":"R1"}}})";
    request.timeoutMs = 20000;
    return request;
}

} // namespace

TEST_F(PushApi, OverTlsAClientThatTrustsTheAuthorityPushesAndNoOneElseGetsIn)
{
    engine->stop();
    PushHttpServer::Options options;
    options.address = QHostAddress::AnyIPv4; // beyond loopback, and not warned of: it has TLS
    options.tls = {tlsFile("server.pem"), tlsFile("server.key")};
    start(options);
    EXPECT_TRUE(engine->pushWarning().isEmpty()) << qPrintable(engine->pushWarning());

    BlockingHttp trusting(tlsFile("ca.pem"));
    const BlockingHttp::Answer taken = trusting.send(pushOverHttps(port));
    ASSERT_EQ(taken.status, 202) << qPrintable(taken.error) << taken.body.constData();
    EXPECT_EQ(messages(), 1);

    // A client that knows only the system's authorities refuses the server, as it should.
    BlockingHttp stranger;
    const BlockingHttp::Answer refused = stranger.send(pushOverHttps(port));
    EXPECT_EQ(refused.status, 0);
    EXPECT_FALSE(refused.error.isEmpty());

    // Plain HTTP to the TLS port gets no answer, and nothing is stored.
    HttpClient plain(port);
    EXPECT_EQ(plain.post("/api/stores/main/messages", R"({"message":"order:new","payload":{}})", asMain()).status, 0);
    EXPECT_EQ(messages(), 1);

    // The server still serves the trusting client after those.
    EXPECT_EQ(trusting.send(pushOverHttps(port)).status, 202);
    EXPECT_EQ(messages(), 2);
}

TEST_F(PushApi, TlsFilesThatCannotBeUsedStopTheStartWithTheReason)
{
    engine->stop();
    engine.reset();
    const struct {
        PushTls::Files files;
        const char *says;
    } cases[] = {
        {{tlsFile("missing.pem"), tlsFile("server.key")}, "cannot read the TLS certificate"},
        {{tlsFile("server.key"), tlsFile("server.key")}, "holds no PEM certificate"},
        {{tlsFile("server.pem"), tlsFile("server.pem")}, "holds no unencrypted PEM private key"},
    };
    for (const auto &c : cases) {
        PushHttpServer::Options options;
        options.port = 0;
        options.tls = c.files;
        Engine refused(Engine::Options{.databasePath = db.path(), .push = options});
        const Status started = refused.start();
        ASSERT_FALSE(started.ok()) << c.says;
        EXPECT_TRUE(started.error().message.contains(QLatin1String(c.says))) << qPrintable(started.error().message);
    }
}

TEST_F(PushApi, ListeningBeyondLoopbackWithoutTlsIsWarnedOf)
{
    EXPECT_TRUE(engine->pushWarning().isEmpty()) << "127.0.0.1 is not warned of";
    engine->stop();
    PushHttpServer::Options options;
    options.address = QHostAddress::AnyIPv4;
    start(options);
    EXPECT_TRUE(engine->pushWarning().contains(QStringLiteral("0.0.0.0:%1 without TLS").arg(port)))
        << qPrintable(engine->pushWarning());
    EXPECT_TRUE(engine->pushWarning().contains(QLatin1String("--tls-cert"))) << "it says what to do";
    // In the events, which the window and `integrator events` show.
    EXPECT_TRUE(test::waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE level = 'warn' AND subject = 'The push API "
                                        "is not encrypted'"))
                   .toInt() == 1;
    }));
}
