#include "awsx/util/flat_json.hpp"

#include <string>

#include <gtest/gtest.h>

namespace awsx::util {
namespace {

TEST(FlatJson, dumps_members_in_order_with_escapes) {
  FlatObject doc;
  doc.set("Version", 1).set("Secret", "a\"b\\c\n\x01/é").set("Neg", -42);
  EXPECT_EQ(doc.dump(), R"({"Version":1,"Secret":"a\"b\\c\n\u0001/é","Neg":-42})");
}

TEST(FlatJson, round_trips_every_byte_value) {
  std::string all;
  for (int c = 1; c < 256; ++c)
    all += static_cast<char>(c);
  const auto back = FlatObject::parse(FlatObject().set("v", all).dump());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->string("v"), all);
}

TEST(FlatJson, reads_what_other_writers_produce) {
  const auto doc = FlatObject::parse(
      " {\n \"a\" : \"x\\u00e9\\ud83d\\ude00\\/\\t\" ,\"b\":0, \"c\": -7 }\r\n");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->string("a"), "x\xC3\xA9\xF0\x9F\x98\x80/\t");
  EXPECT_EQ(doc->integer("b"), 0);
  EXPECT_EQ(doc->integer("c"), -7);
  EXPECT_FALSE(doc->string("b")); // wrong type
  EXPECT_FALSE(doc->integer("a"));
  EXPECT_FALSE(doc->has("d"));
  EXPECT_TRUE(FlatObject::parse("{}"));
}

TEST(FlatJson, rejects_anything_but_a_flat_object) {
  for (const char* bad : {"", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1} x",
                          "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":true}", "{\"a\":null}",
                          "{\"a\":1.5}", "{\"a\":01}", "{\"a\":-}", "{\"a\":\"\\x\"}",
                          "{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}",
                          "{\"a\":\"tab\there\"}", "{\"a\":\"open}", "{\"a\":1,\"a\":2}",
                          "{\"a\":99999999999999999999}", "{a:1}"})
    EXPECT_FALSE(FlatObject::parse(bad)) << bad;
}

} // namespace
} // namespace awsx::util
