#include "awsx/cli/app.hpp"

#include <ostream>

#include "awsx/cli/handlers.hpp"
#include "awsx/cli/help.hpp"
#include "awsx/cli/parse.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/version.hpp"

namespace awsx::cli {

Handler handler_for(std::string_view name) {
  static constexpr std::pair<std::string_view, Handler> handlers[] = {
      {"exec", run_exec},     {"export", run_export}, {"use", run_use},
      {"whoami", run_whoami}, {"list", run_list},     {"add", run_add},
      {"login", run_login},
      {"remove", run_remove}, {"clear", run_clear},   {"doctor", run_doctor},
      {"init", run_init},     {"completion", run_completion}, {"help", run_help},
      {"rotate", run_rotate}};
  for (const auto& [command, handler] : handlers)
    if (command == name)
      return handler;
  return nullptr;
}

int run(const std::vector<std::string>& args, Context& ctx) {
  Console& console = ctx.console;
  try {
    const auto invocation = parse_command_line(args);
    if (invocation.version) {
      console.out << "awsx " << awsx::version << "\n";
      return 0;
    }
    if (invocation.command.empty()) {
      console.out << overview_help();
      return 0;
    }
    const auto* command = find_command(invocation.command);
    if (invocation.help) {
      console.out << command_help(*command);
      return 0;
    }
    return handler_for(command->name)(invocation, ctx);
  } catch (const std::exception& e) {
    // Anything that is not an awsx::Error is a bug or a library failure; it still ends
    // with a one-line message instead of std::terminate.
    const auto* error = dynamic_cast<const Error*>(&e);
    console.err << "awsx: error: " << e.what() << "\n";
    if (error != nullptr && !error->hint().empty())
      console.err << "awsx: hint: " << error->hint() << "\n";
    return static_cast<int>(error != nullptr ? error->code() : ExitCode::failure);
  }
}

} // namespace awsx::cli
