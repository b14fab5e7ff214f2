#include <gtest/gtest.h>

#include "awsx/util/strings.hpp"

using namespace awsx::util;

TEST(UtilStrings, trim_removes_blanks_and_line_ends) {
  EXPECT_EQ(trim("  a b\t\r\n"), "a b");
  EXPECT_EQ(trim(" \t "), "");
}

TEST(UtilStrings, split_keeps_empty_pieces) {
  EXPECT_EQ(split("a,,b,", ','), (std::vector<std::string>{"a", "", "b", ""}));
}

TEST(UtilStrings, uri_encode_escapes_all_but_unreserved) {
  EXPECT_EQ(uri_encode("aZ0-_.~ /+=:"), "aZ0-_.~%20%2F%2B%3D%3A");
  EXPECT_EQ(uri_encode("a/b", true), "a/b");
  EXPECT_EQ(uri_encode("\xc3\xa9"), "%C3%A9");
}

TEST(UtilStrings, is_digits_rejects_empty_and_signs) {
  EXPECT_TRUE(is_digits("0123"));
  EXPECT_FALSE(is_digits(""));
  EXPECT_FALSE(is_digits("-1"));
  EXPECT_FALSE(is_digits("12a"));
}

TEST(UtilStrings, to_hex_is_lowercase) { EXPECT_EQ(to_hex(std::string("\x00\xff\x1a", 3)), "00ff1a"); }
