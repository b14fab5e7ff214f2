#include "awsx/cli/browser.hpp"

#include <ostream>

#include "awsx/util/environment.hpp"
#include "awsx/util/shell_words.hpp"

namespace awsx::cli {

namespace {

// Long enough for xdg-open to find no browser and say so, short enough not to be felt.
constexpr std::chrono::milliseconds browser_grace{1500};

std::vector<std::string> split_on(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find(separator, start);
    parts.push_back(
        text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  return parts;
}

} // namespace

std::vector<std::vector<std::string>> browser_commands(const util::Environment& env,
                                                       const std::string& url) {
  std::vector<std::vector<std::string>> commands;
  for (const auto& entry : split_on(env.get_nonempty("BROWSER").value_or(""), ':')) {
    auto words = util::shell_split(entry);
    if (!words || words->empty())
      continue;
    bool placed = false;
    for (auto& word : *words) {
      for (auto at = word.find("%s"); at != std::string::npos; at = word.find("%s", at)) {
        word.replace(at, 2, url);
        at += url.size();
        placed = true;
      }
    }
    if (!placed)
      words->push_back(url);
    commands.push_back(std::move(*words));
  }
  commands.push_back({"xdg-open", url});
  return commands;
}

void open_in_browser(const std::string& url, Context& ctx) {
  std::string failed; // the programs that could not open it, never their arguments
  for (const auto& command : browser_commands(ctx.env, url)) {
    const auto status = ctx.spawner.start_detached(command, ctx.env.entries(), browser_grace);
    if (status && *status == 0)
      return;
    // A $BROWSER of "%s ..." would put the URL first: name it by the variable instead.
    const auto program =
        command.front().find(url) == std::string::npos ? command.front() : "$BROWSER";
    if (status)
      failed += (failed.empty() ? "" : ", ") + program + " (exit status " +
                std::to_string(*status) + ")";
  }
  ctx.console.out << url << "\n" << std::flush;
  ctx.console.err << "awsx: note: "
                  << (failed.empty() ? std::string("no browser to open the sign-in URL")
                                     : "the browser did not open the sign-in URL: " + failed)
                  << "; open the URL above within 15 minutes, or set BROWSER (or install "
                     "xdg-utils for xdg-open)\n";
}

} // namespace awsx::cli
