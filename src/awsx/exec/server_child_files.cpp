#include "awsx/exec/server_child_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "awsx/config/config_files.hpp"
#include "awsx/exec/default_credentials.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/new_file.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::exec {

namespace {

constexpr const char* web_identity_variables[] = {"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
                                                  "AWS_ROLE_SESSION_NAME"};

// A new 0700 folder, in the first of XDG_RUNTIME_DIR, TMPDIR and /tmp where one can be made.
std::string make_private_folder(const util::Environment& env) {
  std::vector<std::string> bases;
  for (const char* name : {"XDG_RUNTIME_DIR", "TMPDIR"})
    if (auto base = env.get_nonempty(name); base && base->front() == '/')
      bases.push_back(*base);
  bases.emplace_back("/tmp");
  int error = 0;
  for (const auto& base : bases) {
    std::string path = base + "/awsx-ecs-XXXXXX";
    if (::mkdtemp(path.data()) != nullptr)
      return path;
    error = errno;
  }
  throw Error("cannot make a private folder for the --ecs-server command's AWS files in " +
                  util::join(bases, ", ") + ": " + std::system_category().message(error),
              ExitCode::failure, "set TMPDIR to a writable folder");
}

void write_private_file(const std::string& path, const std::string& text) {
  if (const auto written = util::write_new_private_file(path, text, false); written.error != 0)
    throw Error("cannot write " + path + ": " + std::system_category().message(written.error));
}

} // namespace

ServerChildFiles::ServerChildFiles(const util::Environment& env)
    : folder_(make_private_folder(env)) {
  try {
    std::vector<std::string> hidden;
    const auto credentials_path = config::credentials_file_path(env);
    const auto credentials = config::read_text(credentials_path, "AWS_SHARED_CREDENTIALS_FILE");
    if (auto keys =
            default_credential_keys(config::parse_ini(credentials, credentials_path), false);
        !keys.empty())
      hidden.push_back("[default] " + util::join(keys, ", ") + " in " + credentials_path);
    write_private_file(folder_ + "/credentials", "");
    set_.push_back("AWS_SHARED_CREDENTIALS_FILE=" + folder_ + "/credentials");

    const auto config_path = config::config_file_path(env);
    const auto config = config::read_text(config_path, "AWS_CONFIG_FILE");
    const auto sections = config::parse_ini(config, config_path);
    if (const auto keys = default_credential_keys(sections, true); !keys.empty()) {
      hidden.push_back("[default] " + util::join(keys, ", ") + " in " + config_path);
      write_private_file(folder_ + "/config", without_default_credentials(config, sections));
      set_.push_back("AWS_CONFIG_FILE=" + folder_ + "/config");
    }
    if (env.get_nonempty("AWS_WEB_IDENTITY_TOKEN_FILE")) {
      hidden.emplace_back("AWS_WEB_IDENTITY_TOKEN_FILE");
      unset_.assign(std::begin(web_identity_variables), std::end(web_identity_variables));
    }
    if (!hidden.empty())
      note_ = "AWS SDKs would use " + util::join(hidden, "; ") +
              " before the --ecs-server endpoint, so the command runs without them (its AWS "
              "files are in " +
              folder_ + " until it ends)";
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
    throw;
  }
}

ServerChildFiles::~ServerChildFiles() {
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

void ServerChildFiles::apply(std::vector<std::string>& env) const {
  std::vector<std::string> replaced(unset_);
  for (const auto& entry : set_)
    replaced.emplace_back(util::variable_name(entry));
  std::erase_if(env, [&](const std::string& entry) {
    return std::find(replaced.begin(), replaced.end(), util::variable_name(entry)) !=
           replaced.end();
  });
  env.insert(env.end(), set_.begin(), set_.end());
}

} // namespace awsx::exec
