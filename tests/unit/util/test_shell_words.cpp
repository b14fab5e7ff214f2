#include <gtest/gtest.h>

#include "awsx/util/shell_words.hpp"

using namespace awsx;

namespace {

std::vector<std::string> words(std::string_view text) {
  auto result = util::shell_split(text);
  EXPECT_TRUE(result) << text << ": " << result.error();
  return result ? *result : std::vector<std::string>{};
}

} // namespace

// The full comparison with Python's shlex.split is integration.shell_split_differential.
TEST(UtilShellWords, quotes_group_and_nothing_else_is_special) {
  EXPECT_EQ(words("a 'b c' \"d e\""), (std::vector<std::string>{"a", "b c", "d e"}));
  EXPECT_EQ(words("x; touch M $(touch M) `touch M` | >f"),
            (std::vector<std::string>{"x;", "touch", "M", "$(touch", "M)", "`touch", "M`", "|",
                                      ">f"}));
  EXPECT_EQ(words("$HOME ~ *"), (std::vector<std::string>{"$HOME", "~", "*"}));
}

TEST(UtilShellWords, escapes_as_in_posix_shlex) {
  EXPECT_EQ(words(R"(a\ b "c\"d" "e\f" 'g\h')"),
            (std::vector<std::string>{"a b", "c\"d", "e\\f", "g\\h"}));
  EXPECT_EQ(words("a\\\nb"), (std::vector<std::string>{"a\nb"})); // not a line join
  EXPECT_EQ(words(R"("" a '')"), (std::vector<std::string>{"", "a", ""}));
  EXPECT_EQ(words(" \t\r\n"), std::vector<std::string>{});
  EXPECT_EQ(words("a\vb"), (std::vector<std::string>{"a\vb"}));
}

TEST(UtilShellWords, unbalanced_text_fails_with_shlex_reason) {
  for (const char* text : {"a 'b", "\"a", "'it''s", "\"a\\\""}) {
    const auto result = util::shell_split(text);
    ASSERT_FALSE(result) << text;
    EXPECT_EQ(result.error(), "No closing quotation") << text;
  }
  for (const char* text : {"a\\", "\"a\\"}) {
    const auto result = util::shell_split(text);
    ASSERT_FALSE(result) << text;
    EXPECT_EQ(result.error(), "No escaped character") << text;
  }
}
