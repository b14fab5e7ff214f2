#include "awsx/util/flat_json.hpp"

#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace awsx::util {
namespace {

using Kind = FlatObject::Kind;

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
  for (const char* bad : {"",
                          "[]",
                          "{",
                          "{\"a\"}",
                          "{\"a\":}",
                          "{\"a\":1,}",
                          "{\"a\":1} x",
                          "{\"a\":{}}",
                          "{\"a\":[1]}",
                          "{\"a\":true}",
                          "{\"a\":null}",
                          "{\"a\":1.5}",
                          "{\"a\":01}",
                          "{\"a\":-}",
                          "{\"a\":\"\\x\"}",
                          "{\"a\":\"\\u12\"}",
                          "{\"a\":\"\\ud800\"}",
                          "{\"a\":\"\\udc00\"}",
                          "{\"a\":\"tab\there\"}",
                          "{\"a\":\"open}",
                          "{\"a\":1,\"a\":2}",
                          "{\"a\":99999999999999999999}",
                          "{a:1}"})
    EXPECT_FALSE(FlatObject::parse(bad)) << bad;
}

TEST(FlatJson, lenient_reading_tells_absent_null_and_each_type_apart) {
  const auto doc = FlatObject::parse_lenient(
      R"({"s":"x","i":-7,"n":1.5e3,"t":true,"f":false,"z":null,"a":[1,{"b":[]}],"o":{}})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->kind("s"), Kind::string);
  EXPECT_EQ(doc->kind("i"), Kind::integer);
  EXPECT_EQ(doc->kind("n"), Kind::number);
  EXPECT_EQ(doc->kind("t"), Kind::boolean);
  EXPECT_EQ(doc->kind("f"), Kind::boolean);
  EXPECT_EQ(doc->kind("z"), Kind::null);
  EXPECT_EQ(doc->kind("a"), Kind::array);
  EXPECT_EQ(doc->kind("o"), Kind::object);
  EXPECT_FALSE(doc->kind("missing"));
  EXPECT_TRUE(doc->has("z"));
  EXPECT_FALSE(doc->string("z"));
  EXPECT_FALSE(doc->number("t")); // a boolean is not a number
  EXPECT_FALSE(doc->string("i"));
  EXPECT_EQ(doc->number_text("n"), "1.5e3");
  EXPECT_EQ(doc->number("n"), 1500.0);
  EXPECT_FALSE(doc->integer("n"));
  EXPECT_EQ(
      doc->dump(),
      R"({"s":"x","i":-7,"n":1.5e3,"t":true,"f":false,"z":null,"a":[1,{"b":[]}],"o":{}})");
}

TEST(FlatJson, nested_objects_are_readable) {
  const auto doc = FlatObject::parse_lenient(
      R"({"roleCredentials":{"accessKeyId":"A","expiration":1767323045123,"x":{"y":"deep"}}})");
  ASSERT_TRUE(doc);
  const auto* role = doc->object("roleCredentials");
  ASSERT_NE(role, nullptr);
  EXPECT_EQ(role->string("accessKeyId"), "A");
  EXPECT_EQ(role->integer("expiration"), 1767323045123);
  ASSERT_NE(role->object("x"), nullptr);
  EXPECT_EQ(role->object("x")->string("y"), "deep");
  EXPECT_EQ(role->object("accessKeyId"), nullptr);
  EXPECT_EQ(doc->object("missing"), nullptr);
}

TEST(FlatJson, numbers_past_int64_and_double_are_still_numbers) {
  const auto doc = FlatObject::parse_lenient(
      R"({"big":18446744073709551616,"huge":1e400,"low":-1E+400,"tiny":1e-400,)"
      R"("frac":1767323045123.9,"negzero":-0,"max":9223372036854775807})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->kind("big"), Kind::integer);
  EXPECT_FALSE(doc->integer("big"));
  EXPECT_EQ(doc->number_text("big"), "18446744073709551616");
  EXPECT_EQ(doc->number("big"), 18446744073709551616.0);
  EXPECT_EQ(doc->number("huge"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(doc->number("low"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(doc->number("tiny"), 0.0);
  EXPECT_EQ(doc->number("frac"), 1767323045123.9);
  EXPECT_EQ(doc->integer("negzero"), 0);
  EXPECT_EQ(doc->integer("max"), 9223372036854775807);
  // Keyring entries take only what fits in int64.
  EXPECT_FALSE(FlatObject::parse(R"({"big":18446744073709551616})"));
  EXPECT_FALSE(FlatObject::parse(R"({"n":1e3})"));
}

TEST(FlatJson, duplicates_keep_the_last_value_leniently_and_are_refused_strictly) {
  // Poco's parser, which read outside documents before, kept the last one, as json.loads.
  const auto doc = FlatObject::parse_lenient(R"({"a":"first","b":1,"a":null,"b":"two"})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->kind("a"), Kind::null);
  EXPECT_EQ(doc->string("b"), "two");
  EXPECT_EQ(doc->dump(), R"({"a":null,"b":"two"})");
  EXPECT_FALSE(FlatObject::parse(R"({"a":"first","a":"second"})"));
}

TEST(FlatJson, escapes_and_surrogate_pairs_decode_in_both_modes) {
  const char* text = R"({"k\u00e9y":"\ud83d\ude00\u20ac\/\b\f\n\r\t\"\\\u0000!"})";
  for (const auto& doc : {FlatObject::parse(text), FlatObject::parse_lenient(text)}) {
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->string("k\xC3\xA9y"),
              std::string("\xF0\x9F\x98\x80\xE2\x82\xAC/\b\f\n\r\t\"\\\0!", 17));
  }
  for (const char* bad : {R"({"a":"\ud83d"})", R"({"a":"\ud83dx"})", R"({"a":"\ud83d\u0041"})",
                          R"({"a":"\ude00"})", R"({"a":"\u12"})", R"({"a":"\x"})"}) {
    EXPECT_FALSE(FlatObject::parse(bad)) << bad;
    EXPECT_FALSE(FlatObject::parse_lenient(bad)) << bad;
  }
}

TEST(FlatJson, a_key_holding_nul_is_its_own_key) {
  // Poco cut keys at the NUL, so "AccessKeyId\u0000" used to stand for "AccessKeyId".
  const auto doc = FlatObject::parse_lenient(R"({"a\u0000":"x"})");
  ASSERT_TRUE(doc);
  EXPECT_FALSE(doc->has("a"));
  EXPECT_EQ(doc->string(std::string("a\0", 2)), "x");
}

TEST(FlatJson, outside_documents_must_be_utf8_keyring_entries_may_hold_any_byte) {
  for (const char* bytes : {"\xff", "\xc3", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    const std::string text = std::string(R"({"a":"x)") + bytes + R"("})";
    EXPECT_FALSE(FlatObject::parse_lenient(text)) << text;
    EXPECT_TRUE(FlatObject::parse(text)) << text;
  }
  const auto doc = FlatObject::parse_lenient("{\"a\":\"\xC3\xA9\xF0\x9F\x98\x80\x7F\"}");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->string("a"), "\xC3\xA9\xF0\x9F\x98\x80\x7F");
}

TEST(FlatJson, lenient_reading_refuses_what_json_loads_refuses) {
  for (const char* bad : {"",
                          " ",
                          "[]",
                          "null",
                          "\"s\"",
                          "{",
                          "{\"a\":1,}",
                          "{\"a\":[1,]}",
                          "{\"a\":[1 2]}",
                          "{\"a\":{\"b\" 1}}",
                          "{\"a\":tru}",
                          "{\"a\":True}",
                          "{\"a\":NaN}",
                          "{\"a\":01}",
                          "{\"a\":+1}",
                          "{\"a\":1.}",
                          "{\"a\":.5}",
                          "{\"a\":1e}",
                          "{'a':1}",
                          "{a:1}",
                          "{\"a\":1}{}",
                          "{\"a\":1} x",
                          "{\"a\":1}\xff",
                          "\xef\xbb\xbf{}",
                          "{\"a\":\"tab\there\"}",
                          "{\"a\":1}\v"})
    EXPECT_FALSE(FlatObject::parse_lenient(bad)) << bad;
  EXPECT_TRUE(FlatObject::parse_lenient(" \t\r\n{ } \n"));
}

TEST(FlatJson, nesting_is_limited_to_128_levels_as_poco_did) {
  const auto nested = [](int depth) {
    const auto inner = static_cast<std::size_t>(depth - 1);
    return "{\"a\":" + std::string(inner, '[') + std::string(inner, ']') + "}";
  };
  EXPECT_TRUE(FlatObject::parse_lenient(nested(128)));
  EXPECT_FALSE(FlatObject::parse_lenient(nested(129)));
  EXPECT_FALSE(FlatObject::parse_lenient(nested(100000))); // refused, not a stack overflow
}

TEST(JsonQuote, ascii_only_writes_what_python_json_dumps_writes) {
  // python3 -c 'import json;print(json.dumps("\b\f\x7f\u00e9\U0001F600\udcff\x01\"\\"))':
  // \udcff is what Python holds for the byte 0xff after reading it with surrogateescape.
  EXPECT_EQ(json_quote("\b\f\x7f\xC3\xA9\xF0\x9F\x98\x80\xff\x01\"\\", true),
            R"("\b\f\u007f\u00e9\ud83d\ude00\udcff\u0001\"\\")");
  EXPECT_EQ(json_quote("plain/text+=", true), R"("plain/text+=")");
}

TEST(JsonQuote, unicode_passes_through_without_ascii_only) {
  // As json.dumps(..., ensure_ascii=False); bytes that are not UTF-8 pass through too.
  EXPECT_EQ(json_quote("\b\f\x7f\xC3\xA9\xF0\x9F\x98\x80\xff\x01"),
            "\"\\b\\f\x7f\xC3\xA9\xF0\x9F\x98\x80\xff\\u0001\"");
}

} // namespace
} // namespace awsx::util
