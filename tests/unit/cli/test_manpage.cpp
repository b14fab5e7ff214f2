#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

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
        EXPECT_NE(page.find(std::string("\\-") + option.short_name + " \", \""), std::string::npos)
            << "-" << option.short_name;
      }
    }
  }
}
