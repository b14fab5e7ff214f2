#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "awsx/cli/command_table.hpp"

namespace {

std::string man_page() {
  std::ifstream in(AWSX_SOURCE_DIR "/man/awsx.1");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// roff writes "-" as "\-" in option names.
std::string roff_option(const std::string& long_name) {
  std::string out = "\\-\\-";
  for (char c : long_name)
    out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

// The lines of the page's section `title`, from its .SH line up to the next one.
std::vector<std::string> section(const std::string& page, const std::string& title) {
  std::vector<std::string> lines;
  std::istringstream in(page);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(".SH "))
      inside = line == ".SH " + title;
    else if (inside)
      lines.push_back(line);
  }
  return lines;
}

// The first long option a roff line names, e.g. "mfa-token" for
// `.BR \-t ", " \-\-mfa\-token " \fICODE\fR"`; empty when it names none.
std::string first_long_option(const std::string& line) {
  const auto at = line.find("\\-\\-");
  if (at == std::string::npos)
    return "";
  std::string name;
  for (std::size_t i = at + 4; i < line.size();) {
    if (line.compare(i, 2, "\\-") == 0) {
      name += '-';
      i += 2;
    } else if (std::islower(static_cast<unsigned char>(line[i])) != 0 ||
               std::isdigit(static_cast<unsigned char>(line[i])) != 0) {
      name += line[i++];
    } else {
      break;
    }
  }
  return name;
}

} // namespace

TEST(CliManPage, documents_every_command_and_option_of_the_table) {
  const auto page = man_page();
  ASSERT_FALSE(page.empty()) << "man/awsx.1 not found";
  for (const auto& command : awsx::cli::commands()) {
    EXPECT_NE(page.find(std::string(".B awsx ") + command.name), std::string::npos)
        << command.name << " missing from SYNOPSIS";
    for (const auto& option : command.options) {
      EXPECT_NE(page.find(roff_option(option.long_name)), std::string::npos)
          << "--" << option.long_name << " of " << command.name << " is not in man/awsx.1";
      if (option.short_name != 0) {
        EXPECT_NE(page.find(std::string("\\-") + option.short_name + " \", \""),
                  std::string::npos)
            << "-" << option.short_name;
      }
    }
  }
}

// The page must not promise what awsx no longer parses: each item of OPTIONS that starts
// with a long option, and each `awsx <command>` line of SYNOPSIS, is in the table.
TEST(CliManPage, documents_nothing_the_table_lacks) {
  const auto page = man_page();
  ASSERT_FALSE(page.empty()) << "man/awsx.1 not found";
  std::set<std::string> options = {"help", "version"}; // awsx's own, outside the table
  for (const auto& command : awsx::cli::commands())
    for (const auto& option : command.options)
      options.insert(option.long_name);

  const auto items = section(page, "OPTIONS");
  int documented = 0;
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    if (items[i] != ".TP")
      continue;
    const auto name = first_long_option(items[i + 1]);
    if (name.empty())
      continue;
    ++documented;
    EXPECT_TRUE(options.contains(name))
        << "man/awsx.1 documents --" << name << " under OPTIONS, but no command takes it";
  }
  EXPECT_GT(documented, 10) << "no .TP items with long options found under OPTIONS";

  int synopses = 0;
  for (const auto& line : section(page, "SYNOPSIS")) {
    if (!line.starts_with(".B awsx "))
      continue;
    const auto name = line.substr(8, line.find(' ', 8) - 8);
    ++synopses;
    EXPECT_NE(awsx::cli::find_command(name), nullptr)
        << "man/awsx.1's SYNOPSIS shows `awsx " << name << "`, which is not a command";
  }
  EXPECT_GT(synopses, 10) << "no `.B awsx <command>` lines found in SYNOPSIS";
}
