#include <gtest/gtest.h>

#include "awsx/util/utf8.hpp"

using awsx::util::decode_utf8;

TEST(UtilUtf8, decodes_every_length) {
  const std::string text = "a\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80";
  const char32_t codes[] = {U'a', 0xFC, 0x20AC, 0x1F600};
  std::size_t i = 0;
  for (const char32_t code : codes) {
    const auto decoded = decode_utf8(text, i);
    ASSERT_TRUE(decoded) << i;
    EXPECT_EQ(decoded->code, code);
    i += decoded->length;
  }
  EXPECT_EQ(i, text.size());
}

TEST(UtilUtf8, refuses_what_pythons_strict_decoder_refuses) {
  for (const std::string bad :
       {"\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
        "\xf5\x80\x80\x80", "\xff", "\xe2\x82", "\xe2\x28\xa1", "\xf0\x9f\x98"})
    EXPECT_FALSE(decode_utf8(bad, 0)) << testing::PrintToString(bad);
}
