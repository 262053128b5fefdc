// The push API's one-pass JSON checker must accept exactly what nlohmann/json accepts (so that a payload
// taken without a tree can always be parsed later), and read messages exactly as Message::parse does.

#include "ingest/IncomingMessage.h"
#include "message/JsonScan.h"
#include "message/Message.h"

#include <gtest/gtest.h>

#include <random>

using namespace engine;

namespace {

bool nlohmannAccepts(const std::string &text)
{
    return !Json::parse(text, nullptr, false).is_discarded();
}

bool scanAccepts(const std::string &text)
{
    JsonScan::Problem problem;
    return JsonScan::validate(text, problem);
}

} // namespace

TEST(JsonScan, AcceptsAndRefusesLikeNlohmann)
{
    const std::vector<std::string> cases{
        "{}", "[]", "0", "-0", "1.5e+10", "\"x\"", "true", "false", "null", " {\"a\" : [1, 2, {\"b\": null}]} ",
        "{\"a\":\"\\u00e9\\ud83d\\ude00\\n\\t\\\"\\\\\\/\"}", "\"\xc3\xa9\"", "\"\xf0\x9f\x98\x80\"",
        // refused by both
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{'a':1}", "{\"a\" 1}", "01", "1.", ".5", "-", "+1", "1e", "tru",
        "nul", "\"\\x\"", "\"\\u12\"", "\"a\nb\"", "\"\xc3\"", "\"\xc0\x80\"", "\"\xed\xa0\x80\"",
        "\"\xf4\x90\x80\x80\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "{} {}", "[1] x", "NaN", "Infinity",
        "/*c*/{}", "{\"a\":1}//", "\"\x7f\"", "[\"\x01\"]",
        // numbers past a double's range, which nlohmann/json refuses (found by fuzz_jsonscan), and near it
        "1e400", "-1e400", "[1,5e2222]", "1.5e308", "1e-400", "-0.0e-9999", std::string(309, '9'),
        std::string(308, '9') + ".5", std::string(400, '9') + "e-300"};
    for (const std::string &text : cases)
        EXPECT_EQ(scanAccepts(text), nlohmannAccepts(text)) << text;
}

TEST(JsonScan, AgreesWithNlohmannOnMutatedDocuments)
{
    const std::string base =
        R"({"message":"order:new","payload":{"order":{"number":"R1","total":"44.98","items":[{"sku":"A","qty":2,"price":19.99}],)"
        R"("note":"caf\u00e9 \ud83d\ude00","gift":false,"coupon":null,"n":-1.5e-3}},"trace":["x",1,true]})";
    ASSERT_TRUE(scanAccepts(base));
    std::mt19937 random(1126);
    const std::string alphabet = "{}[]\":,.-+eE0123456789 \\/tfnu\x01\x7f\xc3\xa9\xff";
    int agreements = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text = base;
        const int edits = 1 + int(random() % 3);
        for (int e = 0; e < edits; ++e) {
            const size_t at = random() % text.size();
            switch (random() % 3) {
            case 0:
                text.erase(at, 1);
                break;
            case 1:
                text.insert(at, 1, alphabet[random() % alphabet.size()]);
                break;
            default:
                text[at] = alphabet[random() % alphabet.size()];
                break;
            }
        }
        ASSERT_EQ(scanAccepts(text), nlohmannAccepts(text)) << text;
        ++agreements;
    }
    EXPECT_EQ(agreements, 20000);
}

TEST(JsonScan, DeepNestingIsRefusedNotOverflowed)
{
    EXPECT_TRUE(scanAccepts(std::string(500, '[') + std::string(500, ']')));
    EXPECT_FALSE(scanAccepts(std::string(100000, '[') + std::string(100000, ']')));
}

TEST(JsonScan, MembersKeepTheSendersBytes)
{
    std::vector<std::pair<std::string, std::string>> seen;
    JsonScan::members(R"( {"a" : {"x": [1, 2]} , "b\u0041":"s" ,"c":null} )",
                      [&](std::string &&key, std::string_view value) { seen.emplace_back(key, std::string(value)); });
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0], (std::pair<std::string, std::string>{"a", R"({"x": [1, 2]})"}));
    EXPECT_EQ(seen[1], (std::pair<std::string, std::string>{"bA", R"("s")"}));
    EXPECT_EQ(seen[2], (std::pair<std::string, std::string>{"c", "null"}));
}

TEST(IncomingMessageFromText, ReadsMessagesAsMessageParseDoes)
{
    const std::vector<std::string> documents{
        R"({"message":"order:new","message_id":"5287b0e4a5f8f1c2d3000001","payload":{"b":1,"a":[2]},"trace":"t","n":1})",
        R"({"payload":{},"message":"stock:change"})",
        R"({"message":"order:new","payload":{},"message_id":null})",
        R"([])",
        R"({"payload":{}})",
        R"({"message":7,"payload":{}})",
        R"({"message":"order","payload":{}})",
        R"({"message":"Order:new","payload":{}})",
        R"({"message":"order:new"})",
        R"({"message":"order:new","payload":[1]})",
        R"({"message":"order:new","payload":"x"})",
        R"({"message":"order:new","payload":{},"message_id":12})",
        R"({"message":"order:new","payload":{},"message_id":"xyz"})",
        R"({"message":"order:new","payload":{},"message_id":"5287B0e4a5f8f1c2d3000001"})",
        R"({"message":"or\u0064er:new","payload":{}})",
    };
    for (const std::string &text : documents) {
        Result<Message> parsed = Message::parse(Json::parse(text));
        Result<IncomingMessage> scanned = IncomingMessage::fromText(text, QStringLiteral("main"), "push");
        ASSERT_EQ(parsed.ok(), scanned.ok()) << text;
        if (!parsed.ok()) {
            EXPECT_EQ(scanned.error().field, parsed.error().field) << text;
            EXPECT_EQ(scanned.error().message, parsed.error().message) << text;
            continue;
        }
        EXPECT_EQ(scanned->type, parsed->type()) << text;
        if (Json::parse(text).contains("message_id") && !Json::parse(text)["message_id"].is_null()) {
            EXPECT_EQ(scanned->id, parsed->id()) << text;
        }
        EXPECT_EQ(Json::parse(scanned->payloadText), parsed->payload()) << text;
        EXPECT_EQ(scanned->extraText.empty() ? Json::object() : Json::parse(scanned->extraText), parsed->extra())
            << text;
        Json document = scanned->parseDocument();
        document.erase("message_id");
        Json expected = parsed->document();
        expected.erase("message_id");
        EXPECT_EQ(document.dump().size(), expected.dump().size()) << text;
        EXPECT_EQ(document["payload"], expected["payload"]) << text;
    }
}
