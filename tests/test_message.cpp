// Messages, types, type patterns and ObjectIds: generation and every way they can be wrong.

#include "core/ObjectId.h"
#include "message/Message.h"
#include "message/MessageType.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

using namespace engine;

TEST(ObjectId, GeneratedIdsAre24LowerCaseHexAndParseBack)
{
    const std::string text = ObjectId::generate().toString();
    ASSERT_EQ(text.size(), 24u);
    for (char c : text)
        EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << text;
    Result<ObjectId> parsed = ObjectId::parse(text);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->toString(), text);
}

TEST(ObjectId, LayoutIsSecondsThenProcessRandomThenCounter)
{
    const ObjectId a = ObjectId::generate(0x01020304);
    const ObjectId b = ObjectId::generate(0x01020304);
    EXPECT_EQ(a.seconds(), 0x01020304u);
    const std::string ta = a.toString(), tb = b.toString();
    EXPECT_EQ(ta.substr(0, 8), "01020304");
    EXPECT_EQ(ta.substr(8, 10), tb.substr(8, 10)) << "the 5-byte process part is fixed per process";
    const unsigned long ca = std::stoul(ta.substr(18), nullptr, 16);
    const unsigned long cb = std::stoul(tb.substr(18), nullptr, 16);
    EXPECT_EQ((ca + 1) & 0xFFFFFF, cb) << "the counter counts up by one";
}

TEST(ObjectId, UniqueAcrossThreads)
{
    std::vector<std::vector<std::string>> perThread(4);
    std::vector<std::thread> threads;
    for (auto &ids : perThread) {
        threads.emplace_back([&ids] {
            for (int i = 0; i < 20000; ++i)
                ids.push_back(ObjectId::generate(42).toString());
        });
    }
    for (auto &t : threads)
        t.join();
    std::set<std::string> all;
    for (const auto &ids : perThread)
        all.insert(ids.begin(), ids.end());
    EXPECT_EQ(all.size(), 80000u);
}

TEST(ObjectId, ParseErrorsSayWhatIsWrong)
{
    const Result<ObjectId> tooShort = ObjectId::parse("5287b0e4a5f8f1c2d300000");
    ASSERT_FALSE(tooShort.ok());
    EXPECT_TRUE(tooShort.error().message.contains(QStringLiteral("got 23 characters")))
        << qPrintable(tooShort.error().message);

    const Result<ObjectId> upper = ObjectId::parse("5287B0e4a5f8f1c2d3000001");
    ASSERT_FALSE(upper.ok());
    EXPECT_TRUE(upper.error().message.contains(QStringLiteral("character 5 is 'B'")))
        << qPrintable(upper.error().message);

    EXPECT_FALSE(ObjectId::parse("").ok());
    EXPECT_FALSE(ObjectId::parse("5287b0e4a5f8f1c2d300000g").ok());
    EXPECT_FALSE(ObjectId::parse("5287b0e4a5f8f1c2d30000011").ok());
    EXPECT_TRUE(ObjectId::parse("000000000000000000000000").ok());
    EXPECT_TRUE(ObjectId::parse("ffffffffffffffffffffffff").ok());
}

TEST(MessageType, AcceptsNounVerb)
{
    for (const char *type : {"order:new", "shipment:ready", "stock_level:change", "a:b", "order2:v1"})
        EXPECT_TRUE(MessageType::validate(type).ok()) << type;
}

TEST(MessageType, RefusesEverythingElse)
{
    struct Case {
        const char *type;
        const char *says;
    };
    for (const Case &c :
         {Case{"", "empty"}, Case{"order", "exactly one colon"}, Case{"order:new:now", "exactly one colon"},
          Case{":new", "noun (before the colon) is empty"}, Case{"order:", "verb (after the colon) is empty"},
          Case{"Order:new", "'O' is not allowed in the noun"}, Case{"order:new ", "' ' is not allowed in the verb"},
          Case{"order-x:new", "'-' is not allowed"}}) {
        const Status s = MessageType::validate(c.type);
        ASSERT_FALSE(s.ok()) << c.type;
        EXPECT_TRUE(s.error().message.contains(QLatin1String(c.says)))
            << c.type << ": " << qPrintable(s.error().message);
    }
    EXPECT_FALSE(MessageType::validate(std::string(101, 'a')).ok());
}

TEST(TypePattern, MatchesExactWildcardVerbNounAndAll)
{
    auto matches = [](const char *pattern, const char *type) {
        Result<TypePattern> p = TypePattern::parse(pattern);
        EXPECT_TRUE(p.ok()) << pattern;
        return p.ok() && p->matches(type);
    };
    EXPECT_TRUE(matches("order:new", "order:new"));
    EXPECT_FALSE(matches("order:new", "order:updated"));
    EXPECT_TRUE(matches("order:*", "order:updated"));
    EXPECT_FALSE(matches("order:*", "shipment:ready"));
    EXPECT_TRUE(matches("*:updated", "product:updated"));
    EXPECT_FALSE(matches("*:updated", "product:new"));
    EXPECT_TRUE(matches("*", "anything:goes"));
    EXPECT_TRUE(matches("*:*", "anything:goes"));
    EXPECT_FALSE(matches("order:new", "order:newer"));
}

TEST(TypePattern, RefusesBadPatterns)
{
    for (const char *bad : {"", "order", "order:**", "ord*r:new", "Order:new", "order:new:x", "**"})
        EXPECT_FALSE(TypePattern::parse(bad).ok()) << bad;
}

TEST(Message, ParsesAndKeepsExtraKeys)
{
    Result<Message> m = Message::parse(Json::parse(R"({"message":"order:new","message_id":"5287b0e4a5f8f1c2d3000001",
        "payload":{"order":{"number":"R1"}},"request_id":"abc","parameters":[1]})"));
    ASSERT_TRUE(m.ok()) << qPrintable(m.error().text());
    EXPECT_EQ(m->id(), "5287b0e4a5f8f1c2d3000001");
    EXPECT_EQ(m->type(), "order:new");
    EXPECT_EQ(m->payload()["order"]["number"], "R1");
    EXPECT_EQ(m->extra(), Json::parse(R"({"request_id":"abc","parameters":[1]})"));
    EXPECT_EQ(m->document()["request_id"], "abc");
}

TEST(Message, GeneratesAnIdWhenNoneIsGiven)
{
    Result<Message> m = Message::parse(Json::parse(R"({"message":"stock:change","payload":{}})"));
    ASSERT_TRUE(m.ok());
    EXPECT_TRUE(ObjectId::isValid(m->id()));
    EXPECT_FALSE(m->hasExtra());
    Result<Message> nullId =
        Message::parse(Json::parse(R"({"message":"stock:change","payload":{},"message_id":null})"));
    ASSERT_TRUE(nullId.ok());
    EXPECT_TRUE(ObjectId::isValid(nullId->id()));
}

TEST(Message, ErrorsNameTheField)
{
    struct Case {
        const char *json;
        const char *field;
        const char *says;
    };
    for (const Case &c : {
             Case{R"([])", "", "must be a JSON object, got an array"},
             Case{R"({"payload":{}})", "message", "is required"},
             Case{R"({"message":7,"payload":{}})", "message", "must be a string"},
             Case{R"({"message":"order","payload":{}})", "message", "noun:verb"},
             Case{R"({"message":"order:new"})", "payload", "is required"},
             Case{R"({"message":"order:new","payload":[1]})", "payload", "must be a JSON object, got an array"},
             Case{R"({"message":"order:new","payload":"x"})", "payload", "got a string"},
             Case{R"({"message":"order:new","payload":{},"message_id":12})", "message_id", "got a number"},
             Case{R"({"message":"order:new","payload":{},"message_id":"xyz"})", "message_id", "got 3 characters"},
         }) {
        Result<Message> m = Message::parse(Json::parse(c.json));
        ASSERT_FALSE(m.ok()) << c.json;
        EXPECT_EQ(m.error().field, QLatin1String(c.field)) << c.json;
        EXPECT_TRUE(m.error().message.contains(QLatin1String(c.says)))
            << c.json << ": " << qPrintable(m.error().message);
    }
}
