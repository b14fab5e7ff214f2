#include "awsx/config/python_text.hpp"

#include <gtest/gtest.h>

namespace awsx::config {
namespace {

constexpr auto npos = std::string_view::npos;

TEST(PythonText, invalid_utf8_at_finds_what_python_rejects) {
  EXPECT_EQ(invalid_utf8_at(""), npos);
  EXPECT_EQ(invalid_utf8_at("plain ascii"), npos);
  EXPECT_EQ(invalid_utf8_at("\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\x80 \xF4\x8F\xBF\xBF"), npos);
  EXPECT_EQ(invalid_utf8_at("ab\xE9z"), 2u);           // Latin-1
  EXPECT_EQ(invalid_utf8_at("a\xC0\xAF"), 1u);         // overlong "/"
  EXPECT_EQ(invalid_utf8_at("a\xE0\x80\xAF"), 1u);     // overlong, three bytes
  EXPECT_EQ(invalid_utf8_at("a\xED\xA0\x80"), 1u);     // surrogate U+D800
  EXPECT_EQ(invalid_utf8_at("a\xF4\x90\x80\x80"), 1u); // past U+10FFFF
  EXPECT_EQ(invalid_utf8_at("a\xE2\x82"), 1u);         // cut short
  EXPECT_EQ(invalid_utf8_at("\xE2\x82z"), 0u);
  EXPECT_EQ(invalid_utf8_at("\xBF"), 0u); // stray continuation byte
}

TEST(PythonText, extra_line_breaks_are_those_of_str_splitlines) {
  EXPECT_EQ(find_extra_line_break("no breaks\there").at, npos);
  for (const std::string_view brk :
       {"\v", "\f", "\x1C", "\x1D", "\x1E", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    const auto found = find_extra_line_break("ab" + std::string(brk) + "c");
    EXPECT_EQ(found.at, 2u) << brk;
    EXPECT_EQ(found.length, brk.size()) << brk;
  }
  EXPECT_EQ(find_extra_line_break("\x1F \xC2\xA0 \xE2\x80\xAF").at, npos); // spaces, not breaks
}

TEST(PythonText, python_lower_matches_str_lower) {
  EXPECT_EQ(python_lower("Region_ID"), "region_id");
  EXPECT_EQ(python_lower("\xC3\x80\xC3\x9E\xC3\x9F"), "\xC3\xA0\xC3\xBE\xC3\x9F"); // ÀÞß
  EXPECT_EQ(python_lower("\xC7\x85"), "\xC7\x86");                                 // ǅ -> ǆ
  EXPECT_EQ(python_lower("\xC4\xB0x"), "i\xCC\x87x");                              // İ
  EXPECT_EQ(python_lower("\xE2\x84\xAA"), "k");                                    // KELVIN
  EXPECT_EQ(python_lower("\xF0\x90\x90\x80"), "\xF0\x90\x90\xA8"); // 𐐀 -> 𐐨
  EXPECT_EQ(python_lower("\xE6\x97\xA5\xE6\x9C\xAC"), "\xE6\x97\xA5\xE6\x9C\xAC"); // no case
}

TEST(PythonText, capital_sigma_is_final_only_after_a_cased_letter_at_word_end) {
  const std::string sigma = "\xCE\xA3", small = "\xCF\x83", final = "\xCF\x82";
  const std::string alpha = "\xCE\x91", alpha_small = "\xCE\xB1";
  EXPECT_EQ(python_lower(sigma), small);
  EXPECT_EQ(python_lower(alpha + sigma), alpha_small + final);
  EXPECT_EQ(python_lower(alpha + sigma + alpha), alpha_small + small + alpha_small);
  EXPECT_EQ(python_lower(alpha + sigma + " x"), alpha_small + final + " x");
  // Case-ignorable characters (apostrophe, combining accents) are looked through.
  EXPECT_EQ(python_lower(alpha + "'" + sigma), alpha_small + "'" + final);
  EXPECT_EQ(python_lower(alpha + sigma + "\xCC\x81"), alpha_small + final + "\xCC\x81");
  EXPECT_EQ(python_lower(alpha + sigma + "'" + alpha), alpha_small + small + "'" + alpha_small);
  EXPECT_EQ(python_lower("'" + sigma), "'" + small);
  EXPECT_EQ(python_lower("1" + sigma), "1" + small);
}

} // namespace
} // namespace awsx::config
