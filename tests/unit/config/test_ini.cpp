#include "awsx/config/ini.hpp"

#include <gtest/gtest.h>

#include "awsx/util/error.hpp"

namespace awsx::config {
namespace {

const std::string path = "/home/u/.aws/config";

std::vector<Section> parse(std::string_view text) {
  return parse_ini(text, path);
}

// The ConfigError message `text` produces; empty when it parses.
std::string error_of(std::string_view text) {
  try {
    parse(text);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return {};
}

// The single section `text` defines.
Section only_section(std::string_view text) {
  auto sections = parse(text);
  EXPECT_EQ(sections.size(), 1u);
  return sections.empty() ? Section{} : sections.front();
}

TEST(ConfigIni, sections_keep_file_order_file_and_line) {
  const auto sections = parse("# top\n[profile b]\nregion = eu-west-1\n\n[default]\nx = 1\n");
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].name, "profile b");
  EXPECT_EQ(*sections[0].file, path);
  EXPECT_EQ(sections[0].line, 2);
  EXPECT_EQ(sections[1].name, "default");
  EXPECT_EQ(sections[1].line, 5);
  const Setting* region = sections[0].find("region");
  ASSERT_NE(region, nullptr);
  EXPECT_EQ(region->value, "eu-west-1");
  EXPECT_EQ(*region->file, path);
  EXPECT_EQ(region->line, 3);
}

TEST(ConfigIni, empty_and_comment_only_text_has_no_sections) {
  EXPECT_TRUE(parse("").empty());
  EXPECT_TRUE(parse("\n\n# just a comment\n; another\n   \n").empty());
}

TEST(ConfigIni, keys_are_lowercased_and_keys_and_values_stripped) {
  const auto section =
      only_section("[a]\n  Region\t =   us-east-1  \nAWS_Access_Key_ID=AKIA\n");
  EXPECT_EQ(section.get("region"), "us-east-1");
  EXPECT_EQ(section.get("aws_access_key_id"), "AKIA");
  EXPECT_EQ(section.find("Region"), nullptr);
}

TEST(ConfigIni, unicode_spaces_are_stripped_like_python) {
  const std::string nbsp = "\xC2\xA0", ideographic = "\xE3\x80\x80";
  // A line starting with Unicode space right after a header is a key, not a continuation.
  const auto section = only_section("[a]\n" + ideographic + "k" + nbsp + "= " + nbsp +
                                    "v\x0c\x1f\nregion = us-east-1" + nbsp + "\n");
  EXPECT_EQ(section.get("region"), "us-east-1");
  EXPECT_EQ(section.get("k"), "v");
}

TEST(ConfigIni, indentation_counts_characters_not_bytes) {
  // One no-break space (two bytes) is less indentation than two spaces.
  const auto section = only_section("[a]\n\xC2\xA0k =\n  x = 1\n");
  EXPECT_EQ(section.find("k")->nested, (std::map<std::string, std::string>{{"x", "1"}}));
  EXPECT_EQ(only_section("[a]\n  k = 1\n\xC2\xA0j = 2\n").get("j"), "2");
}

TEST(ConfigIni, colon_separates_like_equals) {
  const auto section = only_section("[a]\nregion: us-east-1\noutput :json\n");
  EXPECT_EQ(section.get("region"), "us-east-1");
  EXPECT_EQ(section.get("output"), "json");
}

TEST(ConfigIni, first_separator_splits_and_the_rest_is_value) {
  const auto section =
      only_section("[a]\nk : v = w\nj = x:y\nurl = https://example.com:8443/p?a=b\n");
  EXPECT_EQ(section.get("k"), "v = w");
  EXPECT_EQ(section.get("j"), "x:y");
  EXPECT_EQ(section.get("url"), "https://example.com:8443/p?a=b");
}

TEST(ConfigIni, value_may_be_empty) {
  const auto section = only_section("[a]\nk =\nj=   \n");
  EXPECT_EQ(section.get("k"), "");
  EXPECT_EQ(section.get("j"), "");
}

TEST(ConfigIni, whole_line_comments_are_skipped) {
  const auto section =
      only_section("# c\n[a]\n# region = x\n; output = y\n   # indented\nk = v\n");
  EXPECT_EQ(section.settings.size(), 1u);
  EXPECT_EQ(section.get("k"), "v");
}

TEST(ConfigIni, hash_and_semicolon_inside_value_are_kept) {
  const auto section = only_section("[a]\nregion = us-east-1 # prod\nk = v ; note\nh=#x\n");
  EXPECT_EQ(section.get("region"), "us-east-1 # prod");
  EXPECT_EQ(section.get("k"), "v ; note");
  EXPECT_EQ(section.get("h"), "#x");
}

TEST(ConfigIni, nested_section_after_empty_value) {
  const auto section = only_section(
      "[a]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\nregion = x\n");
  const Setting* s3 = section.find("s3");
  ASSERT_NE(s3, nullptr);
  EXPECT_TRUE(s3->is_nested());
  EXPECT_EQ(s3->value, "");
  EXPECT_EQ(s3->line, 2);
  const std::map<std::string, std::string> expected{{"max_concurrent_requests", "10"},
                                                    {"addressing_style", "path"}};
  EXPECT_EQ(s3->nested, expected);
  EXPECT_EQ(section.get("s3"), std::nullopt);
  EXPECT_EQ(section.get("region"), "x");
}

TEST(ConfigIni, nested_keys_keep_case_split_on_first_equals_and_later_wins) {
  const auto section = only_section("[a]\ns3 =\n  Max = 1\n  max = 2\n  max = 3\n  d = e=f\n");
  const std::map<std::string, std::string> expected{{"Max", "1"}, {"max", "3"}, {"d", "e=f"}};
  EXPECT_EQ(section.find("s3")->nested, expected);
}

TEST(ConfigIni, nested_block_skips_blank_and_comment_lines) {
  const auto section =
      only_section("[a]\ns3 =\n\n  # why\n  a = 1\n\n  ; more\n  b = 2\n\nnext = n\n");
  const std::map<std::string, std::string> expected{{"a", "1"}, {"b", "2"}};
  EXPECT_EQ(section.find("s3")->nested, expected);
  EXPECT_EQ(section.get("next"), "n");
}

TEST(ConfigIni, nested_block_may_start_after_blank_lines_and_use_tabs) {
  const auto section = only_section("[a]\nk =\n\n\t x = 1\n");
  EXPECT_EQ(section.find("k")->nested, (std::map<std::string, std::string>{{"x", "1"}}));
}

TEST(ConfigIni, nested_line_without_equals_is_error_at_its_line) {
  const auto message = error_of("[a]\ns3 =\n  a = 1\n  addressing_style: path\n");
  EXPECT_EQ(message.rfind(path + ":4: ", 0), 0u) << message;
  EXPECT_NE(message.find("nested under \"s3\""), std::string::npos) << message;
  EXPECT_NE(message.find("\"addressing_style: path\""), std::string::npos) << message;
}

TEST(ConfigIni, continuation_after_value_joins_lines_with_newline) {
  const auto section = only_section("[a]\nk = x\n  y\n\n  z\n\n\nm = 1\n");
  EXPECT_EQ(section.get("k"), "x\ny\n\nz");
  EXPECT_FALSE(section.find("k")->is_nested());
  EXPECT_EQ(section.get("m"), "1");
}

TEST(ConfigIni, continuation_with_equals_after_value_stays_plain_text) {
  const auto section = only_section("[a]\nk = x\n  b = c\n");
  EXPECT_EQ(section.get("k"), "x\nb = c");
}

TEST(ConfigIni, empty_value_followed_only_by_blank_lines_stays_empty) {
  const auto sections = parse("[a]\nk =\n\n   \n\n[b]\n");
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].get("k"), "");
}

TEST(ConfigIni, indented_line_right_after_header_is_a_key) {
  const auto section = only_section("[a]\n    k = 1\nj = 2\n");
  EXPECT_EQ(section.get("k"), "1");
  EXPECT_EQ(section.get("j"), "2");
}

TEST(ConfigIni, continuation_is_relative_to_the_key_line_indent) {
  const auto section = only_section("  [a]\n  k =\n  j = 1\n  n =\n     x = 2\n");
  EXPECT_EQ(section.get("k"), "");
  EXPECT_EQ(section.get("j"), "1");
  EXPECT_EQ(section.find("n")->nested, (std::map<std::string, std::string>{{"x", "2"}}));
}

TEST(ConfigIni, indented_header_inside_value_is_continuation) {
  const auto section = only_section("[a]\nk = x\n  [b]\n");
  EXPECT_EQ(section.get("k"), "x\n[b]");
}

TEST(ConfigIni, duplicate_section_is_error_with_file_line) {
  const auto message = error_of("[profile a]\nx = 1\n\n[profile a]\n");
  EXPECT_EQ(message.rfind(path + ":4: duplicate section [profile a]", 0), 0u) << message;
  EXPECT_NE(message.find("line 1"), std::string::npos) << message;
}

TEST(ConfigIni, duplicate_key_is_error_with_file_line_ignoring_case) {
  const auto message = error_of("[a]\nregion = x\noutput = json\nRegion = y\n");
  EXPECT_EQ(message.rfind(path + ":4: duplicate key \"region\" in [a]", 0), 0u) << message;
  EXPECT_NE(message.find("line 2"), std::string::npos) << message;
}

TEST(ConfigIni, same_key_in_different_sections_is_fine) {
  EXPECT_EQ(parse("[a]\nk = 1\n[b]\nk = 2\n").size(), 2u);
}

TEST(ConfigIni, default_section_may_reopen_but_not_repeat_a_key) {
  const auto sections = parse("[DEFAULT]\na = 1\n[x]\n[DEFAULT]\nb = 2\n");
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].name, default_section_name);
  EXPECT_EQ(sections[0].settings.size(), 2u);
  EXPECT_EQ(
      error_of("[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n").rfind(path + ":4: duplicate key", 0),
      0u);
}

TEST(ConfigIni, crlf_line_endings) {
  const auto sections = parse("[a]\r\nk = v\r\ns3 =\r\n  x = 1\r\n\r\n[b]\r\nj = w\r\n");
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].get("k"), "v");
  EXPECT_EQ(sections[0].find("s3")->nested, (std::map<std::string, std::string>{{"x", "1"}}));
  EXPECT_EQ(sections[1].name, "b");
  EXPECT_EQ(sections[1].line, 6);
  EXPECT_EQ(sections[1].get("j"), "w");
}

TEST(ConfigIni, crlf_line_numbers_in_errors) {
  EXPECT_EQ(error_of("[a]\r\nk = 1\r\noops\r\n").rfind(path + ":3: ", 0), 0u);
}

TEST(ConfigIni, lone_cr_ends_a_line_like_python) {
  const auto section = only_section("[a]\rk = x\r  y = 1\r");
  EXPECT_EQ(section.get("k"), "x\ny = 1");
}

TEST(ConfigIni, last_line_without_newline) {
  EXPECT_EQ(only_section("[a]\nk = v").get("k"), "v");
}

TEST(ConfigIni, utf8_bom_is_rejected_like_botocore) {
  const auto message = error_of("\xEF\xBB\xBF[default]\nregion = x\n");
  EXPECT_EQ(message.rfind(path + ":1: ", 0), 0u) << message;
  EXPECT_NE(message.find("byte order mark"), std::string::npos) << message;
  EXPECT_EQ(message.find("\xEF\xBB\xBF"), std::string::npos) << message;
}

TEST(ConfigIni, malformed_line_error_names_path_and_line) {
  EXPECT_EQ(error_of("[default]\nregion = x\n\n\n\n\nfoo\n"),
            path + ":7: expected \"key = value\" or \"[section]\", got \"foo\"; fix the line "
                   "or comment it out with \"#\"");
}

TEST(ConfigIni, key_before_any_section_is_error) {
  const auto message = error_of("# header\nregion = us-east-1\n[default]\n");
  EXPECT_EQ(message.rfind(path + ":2: ", 0), 0u) << message;
  EXPECT_NE(message.find("before any [section]"), std::string::npos) << message;
  EXPECT_NE(message.find("[default]"), std::string::npos) << message;
}

TEST(ConfigIni, indented_line_before_any_section_is_error) {
  EXPECT_EQ(error_of("  k = 1\n").rfind(path + ":1: ", 0), 0u);
}

TEST(ConfigIni, unterminated_header_is_error) {
  const auto message = error_of("[default]\nk = 1\n[profile dev\nregion = x\n");
  EXPECT_EQ(message,
            path + ":3: unterminated section header \"[profile dev\"; end it with \"]\"");
  EXPECT_EQ(error_of("[profile x = y\n").rfind(path + ":1: unterminated", 0), 0u);
}

TEST(ConfigIni, empty_header_is_error) {
  EXPECT_EQ(error_of("[]\n").rfind(path + ":1: empty section name", 0), 0u);
}

TEST(ConfigIni, missing_key_name_is_error) {
  EXPECT_EQ(error_of("[a]\n = 1\n"),
            path + ":2: missing key name before \"=\"; write \"key = value\"");
  EXPECT_EQ(error_of("[a]\n: 1\n").rfind(path + ":2: missing key name before \":\"", 0), 0u);
}

TEST(ConfigIni, header_name_runs_to_the_last_bracket) {
  const auto sections = parse("[profile a] # prod\n[b]]\n[c] x ]\n");
  ASSERT_EQ(sections.size(), 3u);
  EXPECT_EQ(sections[0].name, "profile a");
  EXPECT_EQ(sections[1].name, "b]");
  EXPECT_EQ(sections[2].name, "c] x ");
}

TEST(ConfigIni, header_name_is_kept_verbatim) {
  const auto sections = parse("[Profile X]\n[ default ]\n[profile  \"a b\" ]\n");
  ASSERT_EQ(sections.size(), 3u);
  EXPECT_EQ(sections[0].name, "Profile X");
  EXPECT_EQ(sections[1].name, " default ");
  EXPECT_EQ(sections[2].name, "profile  \"a b\" ");
}

TEST(ConfigIni, malformed_line_near_secret_is_not_echoed) {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  for (const std::string& text : {"[a]\naws_secret_access_key " + secret + "\n",
                                  "[a]\naws_secret_access_key =\n" + secret + "\n",
                                  "[a]\naws_session_token = x\n" + secret + "\n",
                                  "aws_secret_access_key = " + secret + "\n",
                                  "[a]\naws_secret_access_key =\n  " + secret + "\n"}) {
    const auto message = error_of(text);
    EXPECT_NE(message, "") << text;
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
    EXPECT_NE(message.find("may hold a secret"), std::string::npos) << message;
  }
}

TEST(ConfigIni, long_malformed_line_is_shortened) {
  const std::string junk(200, 'x');
  const auto message = error_of("[a]\n" + junk + "\n");
  EXPECT_EQ(message.find(junk), std::string::npos);
  EXPECT_NE(message.find(std::string(60, 'x') + "...\""), std::string::npos) << message;
}

TEST(ConfigIni, find_and_get_report_absence) {
  const auto section = only_section("[a]\nk = v\n");
  EXPECT_EQ(section.find("missing"), nullptr);
  EXPECT_EQ(section.get("missing"), std::nullopt);
  EXPECT_EQ(section.get("k"), "v");
}

TEST(ConfigIni, many_sections_parse) {
  std::string text;
  for (int i = 0; i < 10000; ++i)
    text += "[profile p" + std::to_string(i) + "]\nregion = us-east-1\nrole_arn = arn\n\n";
  const auto sections = parse(text);
  ASSERT_EQ(sections.size(), 10000u);
  EXPECT_EQ(sections.back().name, "profile p9999");
  EXPECT_EQ(sections.back().line, 9999 * 4 + 1);
}

// Found by tests/integration/test_config_differential.py, like the tests below: without
// a "]" after at least one character configparser sees no header.
TEST(ConfigIni, bracket_line_without_header_shape_is_a_key_inside_a_section) {
  const auto section = only_section("[a]\n[abc = 1\n[]=2\n[: 3\n");
  EXPECT_EQ(section.get("[abc"), "1");
  EXPECT_EQ(section.get("[]"), "2");
  EXPECT_EQ(section.get("["), "3");
  EXPECT_EQ(error_of("[abc = 1\n").rfind(path + ":1: unterminated", 0), 0u);
  EXPECT_EQ(error_of("[a]\n[abc\n").rfind(path + ":2: unterminated", 0), 0u);
}

TEST(ConfigIni, invalid_utf8_is_an_error_at_its_line) {
  for (const std::string bad : {"caf\xE9", "\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80",
                                "\xE3\x80", "\xFF", "\x80"}) {
    const auto message = error_of("[a]\nk = 1\nv = " + bad + "\n");
    EXPECT_EQ(message.rfind(path + ":3: byte 0x", 0), 0u) << message;
    EXPECT_NE(message.find("not UTF-8"), std::string::npos) << message;
  }
  EXPECT_EQ(error_of("[a]\n# caf\xE9\n").rfind(path + ":2: byte 0xE9 in column 6", 0), 0u);
  EXPECT_EQ(only_section("[a]\nk = \xF0\x9F\x9A\x80 \xE2\x82\xAC \xC3\xA9\n").get("k"),
            "\xF0\x9F\x9A\x80 \xE2\x82\xAC \xC3\xA9");
}

TEST(ConfigIni, invalid_utf8_after_a_malformed_nested_block_names_the_block) {
  const auto message = error_of("[a]\ns3 =\n  bogus\n\xFF\n");
  EXPECT_EQ(message.rfind(path + ":3: expected \"key = value\"", 0), 0u) << message;
}

TEST(ConfigIni, nested_lines_also_break_where_python_splitlines_does) {
  const std::string line_separator = "\xE2\x80\xA8", next_line = "\xC2\x85";
  const auto section = only_section("[a]\ns3 =\n  a = 1" + line_separator + "b = 2\n" +
                                    "  c = 3\fd = 4\n  e = 5\x1C" + "f = 6" + next_line +
                                    "g = 7\nplain = x" + line_separator + "y\n");
  const std::map<std::string, std::string> expected{
      {"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}, {"f", "6"}, {"g", "7"}};
  EXPECT_EQ(section.find("s3")->nested, expected);
  EXPECT_EQ(section.get("plain"), "x" + line_separator + "y");
  EXPECT_EQ(error_of("[a]\ns3 =\n  a = 1\fbogus\n").rfind(path + ":3: expected", 0), 0u);
}

TEST(ConfigIni, non_ascii_keys_are_lowercased_like_python) {
  // Octal escapes, because a hex escape would swallow the letters after it.
  const std::string uber = "\303\234BER", odos = "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3";
  const std::string dotted_i = "\xC4\xB0", kelvin = "\xE2\x84\xAA";
  const auto section =
      only_section("[a]\n" + uber + " = 1\n" + odos + " = 2\n" + dotted_i + " = 3\n");
  EXPECT_EQ(section.get("\303\274ber"), "1");                      // über
  EXPECT_EQ(section.get("\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82"), "2"); // οδος, with final ς
  EXPECT_EQ(section.get("i\xCC\x87"), "3");                        // i + U+0307
  // KELVIN SIGN lowers to ASCII "k", so it repeats "key".
  const auto message = error_of("[a]\nkey = 1\n" + kelvin + "ey = 2\n");
  EXPECT_EQ(message.rfind(path + ":3: duplicate key", 0), 0u) << message;
}

TEST(ConfigIni, malformed_nested_block_in_default_section_fails_only_where_inherited) {
  EXPECT_EQ(parse("[DEFAULT]\nx =\n  bogus\n").size(), 1u);
  EXPECT_EQ(parse("[DEFAULT]\nx =\n  bogus\n[a]\nx = 1\n").size(), 2u);
  const auto message = error_of("[DEFAULT]\nx =\n  bogus\n[profile a]\n");
  const std::string expected = ":4: [profile a] inherits \"x\" from [DEFAULT], whose nested "
                               "block is malformed: line 3: expected \"key = value\" (with "
                               "\"=\") in the block nested under \"x\", got \"bogus\"";
  EXPECT_EQ(message, path + expected);
  // botocore reading the first lines only already fails where a section lacks the key.
  EXPECT_EQ(error_of("[a]\n[DEFAULT]\nx =\n  bogus\n").rfind(path + ":4: [a] inherits", 0), 0u);
  EXPECT_EQ(error_of("[DEFAULT]\nx =\n  bogus\n[a]\nx = 1\n[b]\n").rfind(path + ":4: [a]", 0),
            0u);
  EXPECT_EQ(error_of("[DEFAULT]\nx =\n  bogus\n[a]\nx = 1\n[a]\n").rfind(path + ":4: [a]", 0),
            0u);
}

} // namespace
} // namespace awsx::config
