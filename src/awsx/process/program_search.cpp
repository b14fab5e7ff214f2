#include "awsx/process/program_search.hpp"

#include <string_view>

#include "awsx/util/strings.hpp"

namespace awsx::process {

std::vector<std::string> exec_candidates(const std::string& program,
                                         const std::vector<std::string>& env) {
  if (program.find('/') != std::string::npos)
    return {program};
  // os.get_exec_path(): the PATH of the child's environment, else os.defpath. With
  // duplicates the last one wins, as in the environment the child is given.
  std::string path = "/bin:/usr/bin";
  for (const auto& entry : env)
    if (std::string_view(entry).starts_with("PATH="))
      path = entry.substr(5);
  std::vector<std::string> candidates;
  for (const auto& folder : util::split(path, ':')) {
    // os.path.join("", name) is name, looked up in the current folder.
    if (folder.empty())
      candidates.push_back(program);
    else
      candidates.push_back(folder.back() == '/' ? folder + program : folder + "/" + program);
  }
  return candidates;
}

} // namespace awsx::process
