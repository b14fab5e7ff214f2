#include "awsx/cli/help.hpp"

#include <algorithm>

#include "awsx/util/version.hpp"

namespace awsx::cli {

namespace {

std::string option_label(const OptionSpec& o) {
  std::string label = o.short_name != 0 ? std::string("-") + o.short_name + ", " : "    ";
  label += std::string("--") + o.long_name;
  if (o.value_name != nullptr)
    label += std::string(" ") + o.value_name;
  return label;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width)
    text.append(width - text.size(), ' ');
  return text;
}

} // namespace

std::string overview_help() {
  std::string out = std::string("awsx ") + awsx::version +
                    " - run commands with short-lived AWS credentials\n\n"
                    "Usage: awsx <command> [PROFILE] [options] [-- COMMAND...]\n\nCommands:\n";
  std::size_t width = 0;
  for (const auto& c : commands())
    width = std::max(width, std::string(c.name).size());
  for (const auto& c : commands())
    out += "  " + pad(c.name, width + 2) + c.summary + "\n";
  out += "\nOptions:\n"
         "  -h, --help     show help\n"
         "  -V, --version  print the version\n\n"
         "Run `awsx <command> --help` for a command's options; `man awsx` for the rest.\n";
  return out;
}

std::string command_help(const Command& command) {
  std::string out = std::string("awsx ") + command.name + " - " + command.summary +
                    "\n\nUsage: awsx " + command.name + " " + command.usage + "\n\nOptions:\n";
  std::size_t width = std::string("-h, --help").size();
  for (const auto& o : command.options)
    width = std::max(width, option_label(o).size());
  for (const auto& o : command.options)
    out += "  " + pad(option_label(o), width + 2) + o.help + "\n";
  out += "  " + pad("-h, --help", width + 2) + "show this help\n";
  return out;
}

} // namespace awsx::cli
