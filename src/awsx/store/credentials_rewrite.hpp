#pragma once

#include <string>
#include <string_view>

#include "awsx/aws/credentials.hpp"
#include "awsx/util/result.hpp"

// Replacing a profile's long-term keys where the user wrote them, for `awsx rotate`: in
// place, so the file stays the user's own (comments, order, spacing, other profiles).
namespace awsx::store {

// `text`, read from `path`, with the values of aws_access_key_id and aws_secret_access_key
// in the section of profile `profile` changed from `from`'s to `to`'s and every other byte
// the same. `config_file` says whether sections are headed [profile NAME] (the config
// file) or [NAME] (the credentials file). Fails, saying why, unless that section itself
// holds both keys, each on one line, with exactly `from`'s values.
util::Result<std::string> replace_keys_in_text(std::string_view text, const std::string& path,
                                               const std::string& profile, bool config_file,
                                               const aws::Credentials& from,
                                               const aws::Credentials& to);

// Does replace_keys_in_text on the file at `path` (through a symbolic link, to its target)
// and replaces the file atomically with the result, mode 0600. Throws StorageError naming
// the file when it can't be read, doesn't hold `from`, or can't be written; the file is
// then unchanged.
void replace_keys_in_file(const std::string& path, const std::string& profile, bool config_file,
                          const aws::Credentials& from, const aws::Credentials& to);

} // namespace awsx::store
