#include <gtest/gtest.h>

#include "awsx/cli/shell_quote.hpp"

using namespace awsx::cli;

TEST(CliShellQuote, posix_quotes_close_and_reopen_around_a_quote) {
  EXPECT_EQ(posix_quoted("plain"), "'plain'");
  EXPECT_EQ(posix_quoted("it's $(x) `y`"), "'it'\\''s $(x) `y`'");
  EXPECT_EQ(posix_quoted(""), "''");
}

TEST(CliShellQuote, fish_escapes_quote_and_backslash_and_keeps_one_line) {
  EXPECT_EQ(fish_quoted("a'b\\c $(x)"), "'a\\'b\\\\c $(x)'");
  EXPECT_EQ(fish_quoted("one\ntwo"), "'one'\\n'two'");
}

TEST(CliShellQuote, words_stay_bare_only_when_no_shell_reads_them_specially) {
  EXPECT_EQ(shell_word("--duration", posix_quoted), "--duration");
  EXPECT_EQ(shell_word("arn:aws:iam::1:role/a+b@c", posix_quoted), "arn:aws:iam::1:role/a+b@c");
  EXPECT_EQ(shell_word("a b", posix_quoted), "'a b'");
  EXPECT_EQ(shell_word("~x", fish_quoted), "'~x'");
  EXPECT_EQ(shell_word("=x", posix_quoted), "'=x'");
  EXPECT_EQ(shell_word("", posix_quoted), "''");
}
