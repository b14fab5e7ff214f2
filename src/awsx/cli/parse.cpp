#include "awsx/cli/parse.hpp"

#include <algorithm>

#include "awsx/cli/command_table.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

// The option `arg` names: "--name" by its long name, "-x" (always two characters: the
// parser has cut any glued value off) by its short one.
const OptionSpec* find_option(const Command& command, const std::string& arg) {
  const auto& options = command.options;
  const bool is_long = arg.starts_with("--");
  auto it = std::find_if(options.begin(), options.end(), [&](const OptionSpec& o) {
    return is_long ? arg.compare(2, std::string::npos, o.long_name) == 0
                   : o.short_name != 0 && o.short_name == arg[1];
  });
  return it == options.end() ? nullptr : &*it;
}

std::string usage_hint(const Command& command) {
  return std::string("run `awsx ") + command.name + " --help`";
}

} // namespace

Invocation parse_command_line(const std::vector<std::string>& args) {
  Invocation inv;
  if (args.empty()) {
    inv.help = true;
    return inv;
  }
  const std::string& first = args.front();
  if (first == "-h" || first == "--help") {
    inv.help = true;
    return inv;
  }
  if (first == "--version" || first == "-V") {
    inv.version = true;
    return inv;
  }
  const Command* command = find_command(first);
  if (command == nullptr)
    throw UsageError("unknown command \"" + first + "\"", "run `awsx --help` for the commands");
  inv.command = first;

  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--") {
      if (!command->takes_child_command)
        throw UsageError("awsx " + inv.command + " does not run a command",
                         usage_hint(*command));
      inv.child.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (arg == "-h" || arg == "--help") {
      inv.help = true;
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      std::string value;
      bool inline_value = false;
      if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg.resize(eq);
        inline_value = true;
      } else if (!arg.starts_with("--") && arg.size() > 2) {
        // getopt's rule: text glued to a short option is its value (-t123456), and
        // only an option that takes a value may have one, so -xjson is never --json.
        value = arg.substr(2);
        arg.resize(2);
        inline_value = true;
      }
      const OptionSpec* spec = find_option(*command, arg);
      if (spec == nullptr)
        throw UsageError("unknown option " + arg + " for awsx " + inv.command,
                         usage_hint(*command));
      if (spec->value_name != nullptr && !inline_value) {
        if (i + 1 >= args.size())
          throw UsageError("option " + arg + " needs a value (" + spec->value_name + ")",
                           usage_hint(*command));
        value = args[++i];
      } else if (spec->value_name == nullptr && inline_value) {
        throw UsageError("option " + arg + " takes no value", usage_hint(*command));
      }
      spec->apply(inv, value);
      continue;
    }
    if (static_cast<int>(inv.positionals.size()) < command->max_positionals) {
      inv.positionals.push_back(arg);
      continue;
    }
    if (command->takes_child_command) {
      inv.child.assign(args.begin() + static_cast<long>(i), args.end());
      break;
    }
    throw UsageError("unexpected argument \"" + arg + "\" for awsx " + inv.command,
                     usage_hint(*command));
  }
  if (command->positional == PositionalKind::profile && !inv.positionals.empty())
    inv.credentials.profile = inv.positionals.front();
  return inv;
}

} // namespace awsx::cli
