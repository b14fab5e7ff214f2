#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <set>

#include "awsx/cli/handlers.hpp"
#include "awsx/cli/profile_sources.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/keyring_keys.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/time.hpp"

namespace awsx::cli {

namespace {

struct Row {
  std::string name;
  ProfileSource source;
  std::optional<util::TimePoint> expires; // latest expiry of a live cached session
  bool cached = false;
};

std::string pad(std::string text, std::size_t width) {
  text.resize(std::max(width, text.size()), ' ');
  return text;
}

void print_table(const std::vector<Row>& rows, util::TimePoint now, std::ostream& out) {
  std::size_t name_width = 7, source_width = 11;
  for (const auto& row : rows) {
    name_width = std::max(name_width, row.name.size());
    source_width = std::max(source_width, describe(row.source).size());
  }
  out << pad("PROFILE", name_width + 2) << pad("CREDENTIALS", source_width + 2) << "SESSION\n";
  for (const auto& row : rows) {
    std::string session = "-";
    if (row.cached && row.expires)
      session = util::format_remaining(
                    std::chrono::duration_cast<std::chrono::seconds>(*row.expires - now)) +
                " left";
    else if (row.cached)
      session = "cached, no expiry";
    out << pad(row.name, name_width + 2) << pad(describe(row.source), source_width + 2)
        << session << "\n";
  }
}

void print_json(const std::vector<Row>& rows, util::TimePoint now,
                const std::string& keys_backend, const std::string& sessions_backend,
                std::ostream& out) {
  Poco::JSON::Object doc(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::JSON::Object backends(Poco::JSON_PRESERVE_KEY_ORDER);
  backends.set("credentials", keys_backend);
  backends.set("sessions", sessions_backend);
  doc.set("backends", backends);
  Poco::JSON::Array profiles;
  for (const auto& row : rows) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("name", row.name);
    item.set("credentials", row.source.kind);
    item.set("via", row.source.via);
    if (row.cached) {
      Poco::JSON::Object session(Poco::JSON_PRESERVE_KEY_ORDER);
      if (row.expires) {
        session.set("expiration", util::format_iso8601(*row.expires));
        session.set(
            "seconds_left",
            static_cast<Poco::Int64>(
                std::chrono::duration_cast<std::chrono::seconds>(*row.expires - now).count()));
      }
      item.set("session", session);
    } else {
      item.set("session", Poco::Dynamic::Var());
    }
    profiles.add(item);
  }
  doc.set("profiles", profiles);
  doc.stringify(out, 2);
  out << "\n";
}

} // namespace

int run_list(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const util::Environment& env = ctx.env;
  const util::Clock& clock = ctx.clock;
  const auto now = clock.now();
  const auto files = config::load(env);
  auto keys = ctx.keyrings.open(store::Purpose::credentials);
  auto sessions = ctx.keyrings.open(store::Purpose::sessions);

  const auto stored = store::stored_profiles(*keys);
  std::set<std::string> names(stored.begin(), stored.end());
  for (const auto& name : files.profile_names())
    names.insert(name);

  std::map<std::string, Row> rows;
  for (const auto& name : names)
    rows[name] = Row{name, planned_source(files, name, stored), {}, false};
  // list() applies no margin and find() is not called, so the margin does not matter.
  store::SessionCache cache(*sessions, clock, store::default_refresh_margin,
                            [](const std::string&) {});
  for (const auto& [profile, session] : cache.list()) {
    auto it = rows.find(profile);
    if (it == rows.end())
      continue;
    const auto& expiration = session.credentials.expiration;
    auto& row = it->second;
    row.cached = true;
    if (expiration && (!row.expires || *expiration > *row.expires))
      row.expires = expiration;
  }
  std::vector<Row> ordered;
  for (auto& [name, row] : rows)
    ordered.push_back(std::move(row));
  if (invocation.json)
    print_json(ordered, now, keys->backend(), sessions->backend(), console.out);
  else
    print_table(ordered, now, console.out);
  return 0;
}

} // namespace awsx::cli
